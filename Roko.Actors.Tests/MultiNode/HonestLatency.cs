using System.Diagnostics;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// An honest client's request latencies over one phase of a flood spec: <see cref="Sent"/> requests one after another
/// (each awaited, then a pause), the latencies of the answered ones, and their median and 99th percentile.
/// </summary>
public sealed record HonestLatency(int Sent, IReadOnlyList<TimeSpan> Answered)
{
    public double AnsweredShare => Sent == 0 ? 0 : Answered.Count / (double)Sent;
    public TimeSpan P50 => Percentile(0.50);
    public TimeSpan P99 => Percentile(0.99);

    /// <summary>
    /// Sends <paramref name="count"/> requests through <paramref name="request"/> (true: answered as expected), each
    /// given <paramref name="timeout"/>, <paramref name="pause"/> apart.
    /// </summary>
    public static async Task<HonestLatency> MeasureAsync(Func<int, Task<bool>> request, int count, TimeSpan pause, TimeSpan timeout)
    {
        var answered = new List<TimeSpan>(count);
        for (int i = 0; i < count; i++)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                if (await request(i).WaitAsync(timeout)) answered.Add(watch.Elapsed);
            }
            catch (Exception e) when (e is TimeoutException or Akka.Actor.AskTimeoutException)
            {
                // unanswered: counts against the share answered
            }
            await Task.Delay(pause);
        }
        return new HonestLatency(count, answered);
    }

    public override string ToString() =>
        $"p50 {P50.TotalMilliseconds:F1} ms, p99 {P99.TotalMilliseconds:F1} ms, {Answered.Count}/{Sent} answered";

    private TimeSpan Percentile(double p)
    {
        if (Answered.Count == 0) return TimeSpan.MaxValue;
        var sorted = Answered.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
