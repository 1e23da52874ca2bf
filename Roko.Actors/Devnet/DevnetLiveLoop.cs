using System.Diagnostics;

namespace Roko.Actors.Devnet;

/// <summary>While the devnet runs with a live view: a snapshot every <c>roko.devnet.live-refresh</c> until the duration or Ctrl-C.</summary>
public static class DevnetLiveLoop
{
    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(1);

    public static async Task RunAsync(DevnetMonitor monitor, Stopwatch elapsed, TimeSpan duration, TimeSpan refresh,
        Action<DevnetSnapshot> onSnapshot, CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            onSnapshot(await monitor.CollectAsync(elapsed.Elapsed));
            var remaining = duration == Timeout.InfiniteTimeSpan ? refresh : duration - elapsed.Elapsed;
            if (remaining < MinimumWait) return; // Task.Delay rounds below a millisecond down to nothing
            try
            {
                await Task.Delay(remaining < refresh ? remaining : refresh, cancel);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
