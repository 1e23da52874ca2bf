using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;

namespace Roko.Actors.Propagation;

/// <summary>Read once from HOCON <c>roko.propagation</c>, <c>roko.network.gossip.fanout</c> and <c>roko.network.routes.max-hops</c>.</summary>
/// <param name="MaxHops">Hops a structured message may take from its origin.</param>
public sealed record PropagationSettings(IReadOnlyDictionary<MessageKind, PropagationStrategy> Strategies, int Fanout, int FastestShare, int SeenCacheCapacity,
    TimeSpan PeerRefresh, int MaxHops)
{
    public PropagationStrategy StrategyFor(MessageKind kind) => Strategies[kind];

    public static PropagationSettings Create(Config config)
    {
        var c = SettingsReader.Section(config, "roko.propagation");
        var configured = c.Child("strategies");
        var strategies = new Dictionary<MessageKind, PropagationStrategy>();
        foreach (var kind in Enum.GetValues<MessageKind>())
        {
            string key = kind.ToString().ToLowerInvariant();
            string text = configured.Text(key);
            if (!Enum.TryParse<PropagationStrategy>(text, ignoreCase: true, out var strategy))
                throw configured.Invalid(key, $"'{text}' is not one of: flood, gossip, structured");
            strategies[kind] = strategy;
        }
        int fanout = SettingsReader.Section(config, "roko.network.gossip").Int("fanout", 1);
        int fastest = c.Int("gossip-fastest", 0, fanout);
        int capacity = c.Int("seen-cache-capacity", 1);
        var refresh = c.Duration("peer-refresh", TimeSpan.FromTicks(1), TimeSpan.MaxValue);
        return new PropagationSettings(strategies, fanout, fastest, capacity, refresh, Network.RouteSettings.Create(config).MaxHops);
    }
}
