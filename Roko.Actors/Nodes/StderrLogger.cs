using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace Roko.Actors.Nodes;

/// <summary>
/// Akka logger writing every log event to standard error as a <see cref="LogLine"/>, so standard output carries only
/// what a command prints as its result (e.g. the devnet's JSON summary). Bound in roko.conf under <c>akka.loggers</c>
/// for the ActorSystems that are not a node host (light node, benches, tests); a node's host logs through
/// <see cref="StderrLoggerProvider"/> instead.
/// </summary>
public sealed class StderrLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    public StderrLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(e => Console.Error.WriteLine(LogLine.Format(LogLine.LevelOf(e.LogLevel()), e.Timestamp, e.LogSource, e.Message?.ToString() ?? "", e.Cause)));
    }
}
