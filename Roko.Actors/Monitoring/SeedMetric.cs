namespace Roko.Actors.Monitoring;

/// <summary>The unit a snapshot value is given in; alert thresholds are read from HOCON in the same unit.</summary>
public enum MetricUnit
{
    /// <summary>A plain number (peers, forks).</summary>
    Count,
    /// <summary>A fraction between 0 and 1.</summary>
    Ratio,
    /// <summary>A duration in seconds; thresholds are written as HOCON durations (<c>1us</c>, <c>500ms</c>).</summary>
    Seconds,
}

/// <summary>
/// The names under which <see cref="MetricSnapshot"/> carries the seeds' metrics, and which alert rules refer to
/// (<c>roko.alerting.rules.*.metric</c>). Rates (message_rate, bandwidth_usage) are exported as counters for
/// Prometheus' <c>rate()</c> and are not alertable from inside the node.
/// </summary>
public static class SeedMetric
{
    public const string PeerCount = "peer_count";
    public const string LatencyP50 = "latency_p50";
    public const string LatencyP99 = "latency_p99";
    public const string BlockTime = "block_time";
    public const string FinalityTime = "finality_time";
    public const string ValidatorParticipation = "validator_participation";
    public const string ForkCount = "fork_count";
    /// <summary>The magnitude of the clock's offset from true time (the exported gauge keeps the sign).</summary>
    public const string TimeDrift = "time_drift";
    public const string SyncAccuracy = "sync_accuracy";
    public const string AttestationRate = "attestation_rate";
    /// <summary>Not a seed metric: children of /user/node that exhausted their restarts and stay stopped (0 on a healthy node).</summary>
    public const string StoppedComponents = "stopped_components";

    public static IReadOnlyDictionary<string, MetricUnit> Units { get; } = new Dictionary<string, MetricUnit>(StringComparer.Ordinal)
    {
        [PeerCount] = MetricUnit.Count,
        [LatencyP50] = MetricUnit.Seconds,
        [LatencyP99] = MetricUnit.Seconds,
        [BlockTime] = MetricUnit.Seconds,
        [FinalityTime] = MetricUnit.Seconds,
        [ValidatorParticipation] = MetricUnit.Ratio,
        [ForkCount] = MetricUnit.Count,
        [TimeDrift] = MetricUnit.Seconds,
        [SyncAccuracy] = MetricUnit.Seconds,
        [AttestationRate] = MetricUnit.Ratio,
        [StoppedComponents] = MetricUnit.Count,
    };
}
