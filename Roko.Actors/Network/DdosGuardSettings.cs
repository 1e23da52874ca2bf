using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;

namespace Roko.Actors.Network;

/// <summary>
/// The node's inbound limits per source and blacklisting rules, read from <c>roko.network.ddos</c>: <see cref="RatePerSecond"/>
/// and <see cref="Burst"/> meter peer sessions, one sub-section per other <see cref="GuardPath"/> meters that way in.
/// </summary>
public sealed record DdosGuardSettings
{
    public const string Path = "roko.network.ddos";

    /// <summary>Sustained inbound messages per second per address.</summary>
    public required int RatePerSecond { get; init; }
    /// <summary>Token bucket size: messages an address may send at once after being quiet.</summary>
    public required int Burst { get; init; }
    /// <summary>Refill granularity; <see cref="RatePerSecond"/> × this must be a whole number of tokens.</summary>
    public required TimeSpan ReplenishPeriod { get; init; }
    public required double RateViolationWeight { get; init; }
    public required double InvalidMessageWeight { get; init; }
    public required double BlacklistThreshold { get; init; }
    /// <summary>Time for a suspicion score to fall to half when the address behaves.</summary>
    public required TimeSpan ScoreHalfLife { get; init; }
    public required TimeSpan BlacklistBase { get; init; }
    public required double BlacklistBackoffFactor { get; init; }
    public required TimeSpan BlacklistMax { get; init; }
    public required int MaxTrackedAddresses { get; init; }
    /// <summary>An address quiet (and not blacklisted) this long may be forgotten, offence history included.</summary>
    public required TimeSpan ForgetIdleAfter { get; init; }

    /// <summary>Per-source limits of the ways in other than peer sessions (<c>roko.network.ddos.&lt;path&gt;</c>).</summary>
    public required IReadOnlyDictionary<GuardPath, PathLimit> OtherPaths { get; init; }
    /// <summary>How often a source's refusals are logged at most (one line sums them up).</summary>
    public required TimeSpan LogInterval { get; init; }

    public int TokensPerPeriod => PeerSessionLimit.TokensPerPeriod;

    private PathLimit PeerSessionLimit => new(RatePerSecond, Burst, ReplenishPeriod);

    /// <summary>The token bucket a source gets on <paramref name="path"/>.</summary>
    public PathLimit LimitFor(GuardPath path) => path == GuardPath.PeerSession ? PeerSessionLimit : OtherPaths[path];

    public static DdosGuardSettings Create(Config root)
    {
        var s = SettingsReader.Section(root, Path);
        var replenish = s.Duration("replenish-period", TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(10));
        var settings = new DdosGuardSettings
        {
            RatePerSecond = s.Int("rate-per-second", 1),
            Burst = s.Int("burst", 1),
            ReplenishPeriod = replenish,
            RateViolationWeight = s.Double("rate-violation-weight", 0, double.MaxValue),
            InvalidMessageWeight = s.Double("invalid-message-weight", 0, double.MaxValue),
            BlacklistThreshold = s.Double("blacklist-threshold", double.Epsilon, double.MaxValue),
            ScoreHalfLife = s.Duration("score-half-life", TimeSpan.FromSeconds(1), TimeSpan.FromDays(7)),
            BlacklistBase = s.Duration("blacklist-base", TimeSpan.FromSeconds(1), TimeSpan.FromDays(30)),
            BlacklistBackoffFactor = s.Double("blacklist-backoff-factor", 1, 100),
            BlacklistMax = s.Duration("blacklist-max", TimeSpan.FromSeconds(1), TimeSpan.FromDays(365)),
            MaxTrackedAddresses = s.Int("max-tracked-addresses", 1),
            ForgetIdleAfter = s.Duration("forget-idle-after", TimeSpan.FromSeconds(1), TimeSpan.FromDays(30)),
            LogInterval = s.Duration("log-interval", TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1)),
            OtherPaths = new Dictionary<GuardPath, PathLimit>(), // read below, once the shared replenish-period is known good
        };
        if (settings.Burst < settings.TokensPerPeriod)
            throw s.Invalid("burst", $"must be at least the tokens added per replenish-period ({settings.TokensPerPeriod})");
        if (settings.TokensPerPeriod < 1 ||
            settings.RatePerSecond * settings.ReplenishPeriod.Ticks % TimeSpan.TicksPerSecond != 0)
            throw s.Invalid("replenish-period", "rate-per-second × replenish-period must be a whole number of tokens ≥ 1");
        if (settings.BlacklistMax < settings.BlacklistBase)
            throw s.Invalid("blacklist-max", "must not be shorter than blacklist-base");
        return settings with
        {
            OtherPaths = GuardPathNames.All.Where(p => p != GuardPath.PeerSession).ToDictionary(p => p, p => ReadLimit(root, p, replenish)),
        };
    }

    private static PathLimit ReadLimit(Config root, GuardPath path, TimeSpan replenish)
    {
        var section = SettingsReader.Section(root, $"{Path}.{path.Name()}");
        var limit = new PathLimit(section.Int("rate-per-second", 1), section.Int("burst", 1), replenish);
        if (limit.TokensPerPeriod < 1 || limit.RatePerSecond * limit.ReplenishPeriod.Ticks % TimeSpan.TicksPerSecond != 0)
            throw section.Invalid("rate-per-second",
                $"× roko.network.ddos.replenish-period ({replenish.TotalMilliseconds:0.###} ms) must be a whole number of tokens ≥ 1");
        if (limit.Burst < limit.TokensPerPeriod)
            throw section.Invalid("burst", $"must be at least the tokens added per replenish-period ({limit.TokensPerPeriod})");
        return limit;
    }
}
