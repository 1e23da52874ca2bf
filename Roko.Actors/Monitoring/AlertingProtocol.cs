using System.Collections.Immutable;

namespace Roko.Actors.Monitoring;

/// <summary>
/// Messages of the <see cref="Alerting"/> actor. Alert events and automated-response requests are published on
/// the event stream; the actors that own the behaviour subscribe to them (the block producer to
/// <see cref="StopProposing"/>/<see cref="ResumeProposing"/>, the peer manager to <see cref="RequestMorePeers"/>,
/// the consensus and dashboard views to <see cref="MissingValidators"/>). Alerting itself changes nothing else.
/// </summary>
public static class AlertingProtocol
{
    /// <summary>Timer tick (every <c>evaluation-interval</c>): take a metric snapshot and evaluate the rules.</summary>
    public sealed record Evaluate
    {
        public static Evaluate Instance { get; } = new();
    }

    /// <summary>Anyone (the HTTP <c>/alerts</c> endpoint) asks for the pending and firing alerts; answered by <see cref="CurrentAlerts"/>.</summary>
    public sealed record GetActiveAlerts
    {
        public static GetActiveAlerts Instance { get; } = new();
    }

    /// <summary>One rule and its alert's state.</summary>
    public sealed record ActiveAlert(AlertRule Rule, AlertState State);

    /// <summary>Reply to <see cref="GetActiveAlerts"/>: pending and firing alerts, in rule order.</summary>
    public sealed record CurrentAlerts(ImmutableArray<ActiveAlert> Alerts);

    /// <summary>
    /// Anyone (the HTTP <c>/alerts</c> endpoint) asks for the alerts firing anywhere in the network, as the nodes
    /// published them on the DistributedPubSub topic; answered by <see cref="CurrentNetworkAlerts"/>.
    /// </summary>
    public sealed record GetNetworkAlerts
    {
        public static GetNetworkAlerts Instance { get; } = new();
    }

    /// <summary>Reply to <see cref="GetNetworkAlerts"/>: firing alerts by node name (this node included), in name order.</summary>
    public sealed record CurrentNetworkAlerts(ImmutableSortedDictionary<string, ImmutableArray<NetworkAlert>> ByNode);

    /// <summary>Published when an alert starts firing on <paramref name="Node"/>.</summary>
    public sealed record AlertFired(string Node, AlertRule Rule, AlertState State);

    /// <summary>Published when a firing alert resolves on <paramref name="Node"/>.</summary>
    public sealed record AlertResolved(string Node, AlertRule Rule, AlertState State);

    /// <summary>Published when a <c>stop-proposing</c> alert fires: stop proposing and attesting until
    /// <see cref="ResumeProposing"/>, since this node's time can no longer be vouched for.</summary>
    public sealed record StopProposing(string Reason);

    /// <summary>Published when the alert that stopped proposing resolves.</summary>
    public sealed record ResumeProposing(string Reason);

    /// <summary>Published when a <c>request-more-peers</c> alert fires: the peer manager should dial more peers.</summary>
    public sealed record RequestMorePeers(string Reason);

    /// <summary>Published when a <c>name-missing-validators</c> alert fires: whose votes the latest commit lacked.</summary>
    public sealed record MissingValidators(ImmutableArray<string> Names);

    /// <summary>Internal: a POST to Alertmanager succeeded.</summary>
    internal sealed record AlertsDelivered
    {
        public static AlertsDelivered Instance { get; } = new();
    }

    /// <summary>Internal: a POST to Alertmanager failed; its alerts go back to the outbox.</summary>
    internal sealed record DeliveryFailed(ImmutableArray<PostableAlert> Alerts, string Error);

    /// <summary>Internal timer: the back-off after a failed POST has passed.</summary>
    internal sealed record RetryDelivery
    {
        public static RetryDelivery Instance { get; } = new();
    }

    /// <summary>Internal timer (every <c>resend-interval</c>): send firing alerts again.</summary>
    internal sealed record ResendFiring
    {
        public static ResendFiring Instance { get; } = new();
    }
}
