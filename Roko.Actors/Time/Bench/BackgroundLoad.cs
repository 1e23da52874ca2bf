namespace Roko.Actors.Time.Bench;

/// <summary>
/// <c>roko bench timesync --load</c>: one busy thread per core, at normal priority, for as long as it is not disposed,
/// so the nodes' threads, the kernel's packet path and the referee compete for every core.
/// </summary>
public sealed class BackgroundLoad : IDisposable
{
    private const int SpinsBetweenChecks = 100_000;

    private readonly CancellationTokenSource _stop = new();
    private readonly List<Thread> _threads = [];

    private BackgroundLoad()
    {
    }

    public int Threads => _threads.Count;

    public static BackgroundLoad Start(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        var load = new BackgroundLoad();
        for (int i = 0; i < threads; i++)
        {
            var thread = new Thread(load.Spin) { IsBackground = true, Name = $"bench-load-{i}" };
            load._threads.Add(thread);
            thread.Start();
        }
        return load;
    }

    private void Spin()
    {
        double x = 1;
        while (!_stop.IsCancellationRequested)
            for (int i = 0; i < SpinsBetweenChecks; i++)
                x = x * 1.000_000_1 + 1e-9;
        GC.KeepAlive(x);
    }

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var thread in _threads) thread.Join();
        _stop.Dispose();
    }
}
