namespace Roko.Actors.Tests.Chaos;

/// <summary>
/// Watches one alert rule on one node from the moment the processes are launched: every poll records whether the rule
/// is firing on the watched node, its time drift, and the head height of a reference node. A fault that comes and goes
/// while the test is still waiting for something else is not missed.
/// </summary>
public sealed class ChaosAlertWatch : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private readonly ChaosNetwork _network;
    private readonly ChaosNode _watched;
    private readonly ChaosNode _reference;
    private readonly string _rule;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Sample> _samples = [];
    private readonly Lock _gate = new();
    private readonly Task _polling;

    /// <param name="Answered">Whether the watched node's /alerts answered (its alerting runs).</param>
    public sealed record Sample(DateTime At, bool Answered, bool Firing, ulong Head, double? DriftSeconds);

    public ChaosAlertWatch(ChaosNetwork network, ChaosNode watched, ChaosNode reference, string rule)
    {
        _network = network;
        _watched = watched;
        _reference = reference;
        _rule = rule;
        _polling = Task.Run(PollLoop);
    }

    public IReadOnlyList<Sample> Samples
    {
        get { lock (_gate) return [.. _samples]; }
    }

    private async Task PollLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            var alerts = await _network.AlertsAsync(_watched);
            ulong head = await _network.HeightAsync(_reference);
            double? drift = alerts is null ? null : await _network.MetricAsync(_watched, "roko_time_drift_seconds");
            var sample = new Sample(DateTime.UtcNow, alerts is not null, alerts?.Any(a => a.Name == _rule && a.Phase == "firing") == true, head, drift);
            lock (_gate) _samples.Add(sample);
            try { await Task.Delay(PollInterval, _stop.Token); } catch (OperationCanceledException) { }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the samples so far; returns them.</summary>
    public async Task<IReadOnlyList<Sample>> AwaitAsync(Func<IReadOnlyList<Sample>, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var samples = Samples;
            if (condition(samples)) return samples;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not within {timeout}: {what}\n{Describe(samples)}");
            await Task.Delay(PollInterval);
        }
    }

    /// <summary>The samples where something changed (answering, firing, head), for the test output.</summary>
    public static string Describe(IReadOnlyList<Sample> samples) => string.Join("\n", samples
        .Where((s, i) => i == 0 || s.Answered != samples[i - 1].Answered || s.Firing != samples[i - 1].Firing || s.Head != samples[i - 1].Head)
        .Select(s => $"{s.At:HH:mm:ss.fff} head {s.Head}, alerting {(s.Answered ? "up" : "not answering")}, " +
                     $"{(s.Firing ? "FIRING" : "not firing")}, drift {s.DriftSeconds?.ToString("G4") ?? "-"} s"));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _polling;
        _stop.Dispose();
    }
}
