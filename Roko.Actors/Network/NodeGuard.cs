using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Monitoring;

namespace Roko.Actors.Network;

/// <summary>
/// The node's one guard over every way in (<see cref="GuardPath"/>): the standing of each source — its token bucket per
/// way in, its suspicion, its blacklisting — kept for the node's whole life, so a session's restart, a reconnect or a
/// change of port does not reset it. The rules are the pure <see cref="DdosGuard"/>'s; this shell makes them safe to
/// call from actors, Kestrel's request threads and the time-probe socket's loop at once (one lock, held for
/// microseconds), reads the time from the node's clock, counts every refusal in the node's metrics and logs refusals
/// at most once per source per <see cref="DdosGuardSettings.LogInterval"/>, summed up.
/// </summary>
public sealed class NodeGuard : IDisposable
{
    private readonly object _gate = new();
    private readonly DdosGuard _rules;
    private readonly IClock _clock;
    private readonly RokoMetrics? _metrics;
    private readonly Dictionary<string, RefusalTally> _unlogged = new(StringComparer.Ordinal);
    private readonly long _logIntervalNanos;
    private readonly long _sweepIntervalNanos;
    private NanoMoment _lastSweep;
    private volatile Action<string>? _warn;

    /// <param name="metrics">The node's instruments; null counts nothing.</param>
    public NodeGuard(DdosGuardSettings settings, IClock clock, RokoMetrics? metrics)
    {
        _rules = new DdosGuard(settings);
        _clock = clock;
        _metrics = metrics;
        _logIntervalNanos = ToNanos(settings.LogInterval);
        // Idle sources are swept a few times per forget-idle-after, so none outstays it by more than a quarter.
        _sweepIntervalNanos = ToNanos(settings.ForgetIdleAfter) / 4;
        _lastSweep = clock.Estimate();
    }

    public DdosGuardSettings Settings => _rules.Settings;

    /// <summary>Where refusals are logged (the node's logger, once its actor system runs); until then they are only counted.</summary>
    public void LogTo(Action<string> warn) => _warn = warn;

    /// <summary>Decides about one inbound message or request from <paramref name="source"/> on <paramref name="path"/>.</summary>
    public GuardVerdict Admit(GuardPath path, GuardSource source)
    {
        GuardVerdict verdict;
        string? line;
        lock (_gate)
        {
            var now = _clock.Estimate();
            SweepIfDue(now);
            verdict = _rules.Admit(source.Key, path, now);
            line = verdict switch
            {
                GuardVerdict.RateLimited => Tally(path, source, "rate-limited", "over its rate", urgent: false, now),
                GuardVerdict.Blacklisted { JustNow: true } b => Tally(path, source, "rate-limited", Blacklisted(b, now), urgent: true, now),
                GuardVerdict.Blacklisted b => Tally(path, source, "refused while blacklisted", Blacklisted(b, now), urgent: false, now),
                _ => null,
            };
        }
        Record(path, verdict);
        if (line is not null) _warn?.Invoke(line);
        return verdict;
    }

    /// <summary>
    /// Counts a message from <paramref name="source"/> that failed a check (<paramref name="why"/>: a bad signature, a
    /// malformed frame, a stale timestamp): its suspicion rises, and enough of them blacklist it on every way in.
    /// </summary>
    public GuardVerdict ReportInvalid(GuardPath path, GuardSource source, string why)
    {
        GuardVerdict verdict;
        string? line;
        lock (_gate)
        {
            var now = _clock.Estimate();
            verdict = _rules.ReportInvalid(source.Key, now);
            line = Tally(path, source, "invalid", verdict is GuardVerdict.Blacklisted b ? $"{Blacklisted(b, now)}; last failure: {why}" : $"last failure: {why}",
                urgent: verdict is GuardVerdict.Blacklisted { JustNow: true }, now);
        }
        _metrics?.RecordInvalid(path);
        if (verdict is GuardVerdict.Blacklisted { JustNow: true }) _metrics?.RecordBlacklisting(path);
        if (line is not null) _warn?.Invoke(line);
        return verdict;
    }

    public bool IsBlacklisted(GuardSource source)
    {
        lock (_gate) return _rules.IsBlacklisted(source.Key, _clock.Estimate());
    }

    /// <summary>When <paramref name="source"/>'s blacklisting ends, or null when it is not blacklisted now.</summary>
    public NanoMoment? BlacklistedUntil(GuardSource source)
    {
        lock (_gate) return _rules.BlacklistedUntil(source.Key, _clock.Estimate());
    }

    public double ScoreOf(GuardSource source)
    {
        lock (_gate) return _rules.ScoreOf(source.Key, _clock.Estimate());
    }

    /// <summary>Every tracked source, for the API and metrics, most recently active last.</summary>
    public IReadOnlyList<AddressReport> Report()
    {
        lock (_gate) return _rules.Report(_clock.Estimate());
    }

    /// <summary>The rules' running totals (a copy, consistent at the moment of the call).</summary>
    public (long Allowed, long RateLimited, long RefusedWhileBlacklisted, long Invalid, long Blacklistings, int Tracked) Totals()
    {
        lock (_gate)
        {
            var c = _rules.Counters;
            return (c.Allowed, c.RateLimited, c.RefusedWhileBlacklisted, c.InvalidMessages, c.Blacklistings, _rules.TrackedCount);
        }
    }

    public void Dispose()
    {
        lock (_gate) _rules.Dispose();
    }

    private void Record(GuardPath path, GuardVerdict verdict)
    {
        switch (verdict)
        {
            case GuardVerdict.RateLimited:
                _metrics?.RecordRateLimited(path);
                break;
            case GuardVerdict.Blacklisted { JustNow: true }:
                _metrics?.RecordRateLimited(path);
                _metrics?.RecordBlacklisting(path);
                break;
            case GuardVerdict.Blacklisted:
                _metrics?.RecordBlacklistedRefusal(path);
                break;
        }
    }

    /// <summary>
    /// Adds a refusal to the source's tally; returns the line to log when it is the source's first, when its interval is
    /// up, or when it is <paramref name="urgent"/> (the source was just blacklisted).
    /// </summary>
    private string? Tally(GuardPath path, GuardSource source, string kind, string state, bool urgent, NanoMoment now)
    {
        if (!_unlogged.TryGetValue(source.Key, out var tally)) _unlogged.Add(source.Key, tally = new RefusalTally(now));
        tally.Add(path, kind);
        if (!urgent && tally.Logged && now - tally.Since < _logIntervalNanos) return null;
        string line = $"Guard refused {source}: {tally.Counts()} (suspicion {_rules.ScoreOf(source.Key, now):F0}; {state})";
        tally.Reset(now);
        return line;
    }

    private static string Blacklisted(GuardVerdict.Blacklisted blacklisted, NanoMoment now) =>
        $"blacklisted for {Nanoseconds.ToSeconds(blacklisted.Until - now):F0} s";

    private void SweepIfDue(NanoMoment now)
    {
        if (now - _lastSweep < _sweepIntervalNanos) return;
        _lastSweep = now;
        _rules.ForgetIdle(now);
        foreach (var key in _unlogged.Where(t => now - t.Value.Since >= _sweepIntervalNanos).Select(t => t.Key).ToList())
            _unlogged.Remove(key);
    }

    private static long ToNanos(TimeSpan span) => Nanoseconds.FromTimeSpan(span);

    /// <summary>A source's refusals since they were last logged: the first one is logged at once, then one sum per interval.</summary>
    private sealed class RefusalTally(NanoMoment since)
    {
        private readonly Dictionary<(GuardPath Path, string Kind), long> _counts = new();

        public NanoMoment Since { get; private set; } = since;
        public bool Logged { get; private set; }

        public void Add(GuardPath path, string kind) => _counts[(path, kind)] = _counts.GetValueOrDefault((path, kind)) + 1;

        public string Counts() => string.Join(", ", _counts.OrderBy(c => c.Key.Path).Select(c => $"{c.Value} {c.Key.Kind} on {c.Key.Path.Name()}"));

        public void Reset(NanoMoment now)
        {
            _counts.Clear();
            Since = now;
            Logged = true;
        }
    }
}
