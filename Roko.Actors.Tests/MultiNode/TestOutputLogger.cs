using Akka.Actor;
using Akka.Event;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>Akka logger for the multi-node specs: warnings and errors of every node go to <see cref="Sink"/> (the running spec's output).</summary>
public sealed class TestOutputLogger : ReceiveActor
{
    public static Action<string>? Sink { get; set; }

    public TestOutputLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(e => Sink?.Invoke($"[{e.LogLevel()}] {e.LogSource}: {e.Message}{(e is Error { Cause: { } c } ? " " + c : "")}"));
    }
}
