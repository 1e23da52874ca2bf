using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;

namespace Roko.Actors.Network;

/// <summary>WAN emulation for devnets and tests, read from <c>roko.network.wan</c>.</summary>
public sealed record WanSettings
{
    public const string Path = "roko.network.wan";

    public required bool Enabled { get; init; }
    /// <summary>One-way latency between two nodes of the same region.</summary>
    public required TimeSpan IntraRegion { get; init; }
    public required TimeSpan NorthAmericaEurope { get; init; }
    public required TimeSpan NorthAmericaAsiaPacific { get; init; }
    public required TimeSpan EuropeAsiaPacific { get; init; }
    /// <summary>Each delay is the pair's latency plus a uniform draw in ±this (never below zero).</summary>
    public required TimeSpan Jitter { get; init; }
    /// <summary>Probability in [0, 1] that one send is lost.</summary>
    public required double Loss { get; init; }
    /// <summary>Seed of the node's jitter and loss generator; 0 draws a fresh seed.</summary>
    public required int Seed { get; init; }
    /// <summary>Whether the HTTP API maps the test-only /admin/wan routes that cut and heal this node's links.</summary>
    public required bool AdminEndpoint { get; init; }

    /// <summary>
    /// The longest round trip the emulation adds between two nodes: twice the largest one-way latency plus twice the
    /// jitter; zero when emulation is off. Latency alert thresholds are read on top of it (AlertingSettings).
    /// </summary>
    public TimeSpan LongestRoundTrip => Enabled
        ? 2 * (new[] { IntraRegion, NorthAmericaEurope, NorthAmericaAsiaPacific, EuropeAsiaPacific }.Max() + Jitter)
        : TimeSpan.Zero;

    public static WanSettings Create(Config root)
    {
        var s = SettingsReader.Section(root, Path);
        var maxLatency = TimeSpan.FromSeconds(10);
        return new WanSettings
        {
            Enabled = s.Bool("enabled"),
            IntraRegion = s.Duration("intra-region", TimeSpan.Zero, maxLatency),
            NorthAmericaEurope = s.Duration("na-eu", TimeSpan.Zero, maxLatency),
            NorthAmericaAsiaPacific = s.Duration("na-apac", TimeSpan.Zero, maxLatency),
            EuropeAsiaPacific = s.Duration("eu-apac", TimeSpan.Zero, maxLatency),
            Jitter = s.Duration("jitter", TimeSpan.Zero, maxLatency),
            Loss = s.Double("loss", 0, 1),
            Seed = s.Int("seed", int.MinValue),
            AdminEndpoint = s.Bool("admin-endpoint"),
        };
    }
}
