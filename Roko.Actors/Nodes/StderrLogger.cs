using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace Roko.Actors.Nodes;

/// <summary>
/// Akka logger writing every log event to standard error, so standard output carries only what a command prints
/// as its result (e.g. the devnet's JSON summary). Bound in roko.conf under <c>akka.loggers</c>.
/// </summary>
public sealed class StderrLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    public StderrLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(Write);
    }

    private static void Write(LogEvent e)
    {
        string level = e.LogLevel() switch
        {
            LogLevel.DebugLevel => "DEBUG",
            LogLevel.InfoLevel => "INFO",
            LogLevel.WarningLevel => "WARNING",
            _ => "ERROR",
        };
        string line = $"[{level}][{e.Timestamp:yyyy-MM-ddTHH:mm:ss.fffZ}][{e.LogSource}] {e.Message}";
        if (e.Cause is { } cause) line += Environment.NewLine + cause;
        Console.Error.WriteLine(line);
    }
}
