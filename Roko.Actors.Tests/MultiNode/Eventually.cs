using System.Diagnostics;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>AwaitAssert for async assertions across several ActorSystems: retries until it passes or the bound runs out.</summary>
public static class Eventually
{
    public static async Task<TimeSpan> AwaitAssertAsync(Func<Task> assertion, TimeSpan within, TimeSpan? interval = null)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await assertion();
                return watch.Elapsed;
            }
            catch (Exception) when (watch.Elapsed < within)
            {
                await Task.Delay(interval ?? TimeSpan.FromMilliseconds(100));
            }
        }
    }

    public static Task<TimeSpan> AwaitAssertAsync(Action assertion, TimeSpan within, TimeSpan? interval = null) =>
        AwaitAssertAsync(() =>
        {
            assertion();
            return Task.CompletedTask;
        }, within, interval);
}
