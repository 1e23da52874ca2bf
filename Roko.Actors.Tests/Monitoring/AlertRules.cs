using Roko.Actors.Monitoring;

namespace Roko.Actors.Tests.Monitoring;

/// <summary>Rules shaped like the seeds' defaults, for evaluator tests that should not depend on roko.conf.</summary>
internal static class AlertRules
{
    public static AlertRule TimeDrift(TimeSpan? holdFor = null) => new()
    {
        Name = "excessive-time-drift",
        Summary = "Excessive time drift",
        Metric = SeedMetric.TimeDrift,
        Comparison = AlertComparison.Above,
        Threshold = 1e-6,
        ResolveThreshold = 0.8e-6,
        Severity = AlertSeverity.Critical,
        For = holdFor ?? TimeSpan.FromSeconds(5),
        Response = AutomatedResponse.StopProposing,
    };

    public static AlertRule LowPeers(TimeSpan? holdFor = null) => new()
    {
        Name = "low-peer-count",
        Summary = "Low peer count",
        Metric = SeedMetric.PeerCount,
        Comparison = AlertComparison.Below,
        Threshold = 100,
        ResolveThreshold = 105,
        Severity = AlertSeverity.High,
        For = holdFor ?? TimeSpan.Zero,
        Response = AutomatedResponse.RequestMorePeers,
    };
}
