using Akka.Configuration;

namespace Roko.Actors.Propagation;

/// <summary>Read once from HOCON <c>roko.propagation</c>, <c>roko.network.gossip.fanout</c> and <c>roko.network.routes.max-hops</c>.</summary>
/// <param name="MaxHops">Hops a structured message may take from its origin.</param>
public sealed record PropagationSettings(IReadOnlyDictionary<MessageKind, PropagationStrategy> Strategies, int Fanout, int FastestShare, int SeenCacheCapacity,
    TimeSpan PeerRefresh, int MaxHops)
{
    public PropagationStrategy StrategyFor(MessageKind kind) => Strategies[kind];

    public static PropagationSettings Create(Config config)
    {
        var c = config.GetConfig("roko.propagation") ?? throw new ConfigurationException("missing HOCON section roko.propagation");
        var strategies = new Dictionary<MessageKind, PropagationStrategy>();
        foreach (var kind in Enum.GetValues<MessageKind>())
        {
            string key = "strategies." + kind.ToString().ToLowerInvariant();
            string text = c.GetString(key) ?? throw new ConfigurationException($"roko.propagation.{key} is missing");
            if (!Enum.TryParse<PropagationStrategy>(text, ignoreCase: true, out var strategy))
                throw new ConfigurationException($"roko.propagation.{key} '{text}' is not one of: flood, gossip, structured");
            strategies[kind] = strategy;
        }
        int fanout = config.GetInt("roko.network.gossip.fanout");
        int fastest = c.GetInt("gossip-fastest");
        int capacity = c.GetInt("seen-cache-capacity");
        if (fanout < 1) throw new ConfigurationException("roko.network.gossip.fanout must be >= 1");
        if (fastest < 0 || fastest > fanout) throw new ConfigurationException($"roko.propagation.gossip-fastest must be within 0..fanout ({fanout})");
        if (capacity < 1) throw new ConfigurationException("roko.propagation.seen-cache-capacity must be >= 1");
        var refresh = c.GetTimeSpan("peer-refresh");
        if (refresh <= TimeSpan.Zero) throw new ConfigurationException("roko.propagation.peer-refresh must be > 0");
        return new PropagationSettings(strategies, fanout, fastest, capacity, refresh, Network.RouteSettings.Create(config).MaxHops);
    }
}
