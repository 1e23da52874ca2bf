namespace Roko.Actors.Devnet;

/// <summary>
/// A count's rate over the last <paramref name="window"/>: fed (time, running total) samples, answers the total's growth
/// per second between the oldest sample inside the window and the newest. Pure; times are the caller's monotonic seconds.
/// </summary>
public sealed class RecentRate(TimeSpan window)
{
    private readonly Queue<(double Seconds, long Total)> _samples = new();

    /// <summary>Adds a sample and returns the rate over the window (0 until two samples span some time).</summary>
    public double Add(double seconds, long total)
    {
        _samples.Enqueue((seconds, total));
        while (_samples.Count > 2 && seconds - _samples.Peek().Seconds > window.TotalSeconds) _samples.Dequeue();
        var (firstSeconds, firstTotal) = _samples.Peek();
        double span = seconds - firstSeconds;
        return span > 0 ? (total - firstTotal) / span : 0;
    }
}
