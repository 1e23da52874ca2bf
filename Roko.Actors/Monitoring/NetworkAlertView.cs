using System.Collections.Immutable;

namespace Roko.Actors.Monitoring;

/// <summary>
/// The alerts firing anywhere in the network, by node and then by alert name, as learned from
/// <see cref="NetworkAlert"/>s. A resolution removes its alert; a firing message older than the resolution already
/// seen for the same alert (a late re-send) is ignored. Pure and immutable.
/// </summary>
public sealed record NetworkAlertView
{
    private static readonly ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, NetworkAlert>> NoNodes =
        ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, NetworkAlert>>.Empty.WithComparers(StringComparer.Ordinal);
    private static readonly ImmutableSortedDictionary<string, NetworkAlert> NoAlerts =
        ImmutableSortedDictionary<string, NetworkAlert>.Empty.WithComparers(StringComparer.Ordinal);

    private ImmutableDictionary<(string Node, string Alert), NetworkAlert> Resolutions { get; init; } =
        ImmutableDictionary<(string Node, string Alert), NetworkAlert>.Empty;

    public static NetworkAlertView Empty { get; } = new();

    /// <summary>Firing alerts by node name, then by alert name.</summary>
    public ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, NetworkAlert>> Firing { get; private init; } = NoNodes;

    public NetworkAlertView Apply(NetworkAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var key = (alert.Node, alert.Alert);
        var ofNode = Firing.GetValueOrDefault(alert.Node) ?? NoAlerts;
        if (!alert.Firing)
        {
            var remaining = ofNode.Remove(alert.Alert);
            return this with
            {
                Firing = remaining.IsEmpty ? Firing.Remove(alert.Node) : Firing.SetItem(alert.Node, remaining),
                Resolutions = Resolutions.SetItem(key, alert),
            };
        }
        if (Resolutions.TryGetValue(key, out var resolved) && alert.ActiveSince <= resolved.ActiveSince)
            return this;
        return this with { Firing = Firing.SetItem(alert.Node, ofNode.SetItem(alert.Alert, alert)) };
    }

    /// <summary>Drops everything a node reported (it left the cluster).</summary>
    public NetworkAlertView Forget(string node) => this with
    {
        Firing = Firing.Remove(node),
        Resolutions = Resolutions.RemoveRange(Resolutions.Keys.Where(k => k.Node == node)),
    };

    /// <summary>The firing alerts of every node, in node then alert order.</summary>
    public ImmutableSortedDictionary<string, ImmutableArray<NetworkAlert>> ByNode() =>
        ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
            Firing.Select(n => KeyValuePair.Create(n.Key, n.Value.Values.ToImmutableArray())));
}
