using System.Runtime.InteropServices;

namespace Roko.Actors.Cli;

/// <summary>
/// SIGINT and SIGTERM for the verbs that run until stopped (<c>roko node</c>, <c>roko devnet</c>): the first signal asks for
/// a graceful stop (<see cref="Token"/> is cancelled; the verb stops its nodes, reports and exits 0), a second one ends the
/// process at once with <see cref="ExitCodes.Interrupted"/>. The verb alone decides how its nodes stop: Akka's own hook
/// (<c>akka.coordinated-shutdown.run-by-clr-shutdown-hook</c>) is off, because with one hook per ActorSystem a devnet's
/// signal went to the newest node alone, which then shut down while the rest ran on.
/// </summary>
public sealed class StopSignals : IDisposable
{
    private readonly string _verb;
    private readonly TextWriter _log;
    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration _sigint;
    private readonly PosixSignalRegistration _sigterm;
    private int _received;

    /// <param name="verb">Names the process in its messages, e.g. "roko devnet".</param>
    /// <param name="log">Where the stop is announced (standard error).</param>
    /// <param name="cancel">Also stops the verb (System.CommandLine's token).</param>
    public StopSignals(string verb, TextWriter log, CancellationToken cancel)
    {
        _verb = verb;
        _log = log;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>Cancelled by the first SIGINT or SIGTERM.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>True once a signal asked for the stop.</summary>
    public bool Received => Volatile.Read(ref _received) > 0;

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (Interlocked.Increment(ref _received) == 1)
        {
            _log.WriteLine($"{_verb}: {context.Signal} received, stopping (send it again to stop at once)");
            _stop.Cancel();
            return;
        }
        _log.WriteLine($"{_verb}: {context.Signal} received again, stopping at once");
        Environment.Exit(ExitCodes.Interrupted);
    }

    public void Dispose()
    {
        _sigint.Dispose();
        _sigterm.Dispose();
        _stop.Dispose();
    }
}
