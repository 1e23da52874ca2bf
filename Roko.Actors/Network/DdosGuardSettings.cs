using Akka.Configuration;

namespace Roko.Actors.Network;

/// <summary>Per-address inbound limits and blacklisting rules, read from <c>roko.network.ddos</c>.</summary>
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

    public int TokensPerPeriod => (int)(RatePerSecond * ReplenishPeriod.Ticks / TimeSpan.TicksPerSecond);

    public static DdosGuardSettings Create(Config root)
    {
        var s = HoconSettings.Section(root, Path);
        var settings = new DdosGuardSettings
        {
            RatePerSecond = s.Int("rate-per-second", 1),
            Burst = s.Int("burst", 1),
            ReplenishPeriod = s.Duration("replenish-period", TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(10)),
            RateViolationWeight = s.Double("rate-violation-weight", 0, double.MaxValue),
            InvalidMessageWeight = s.Double("invalid-message-weight", 0, double.MaxValue),
            BlacklistThreshold = s.Double("blacklist-threshold", double.Epsilon, double.MaxValue),
            ScoreHalfLife = s.Duration("score-half-life", TimeSpan.FromSeconds(1), TimeSpan.FromDays(7)),
            BlacklistBase = s.Duration("blacklist-base", TimeSpan.FromSeconds(1), TimeSpan.FromDays(30)),
            BlacklistBackoffFactor = s.Double("blacklist-backoff-factor", 1, 100),
            BlacklistMax = s.Duration("blacklist-max", TimeSpan.FromSeconds(1), TimeSpan.FromDays(365)),
            MaxTrackedAddresses = s.Int("max-tracked-addresses", 1),
            ForgetIdleAfter = s.Duration("forget-idle-after", TimeSpan.FromSeconds(1), TimeSpan.FromDays(30)),
        };
        if (settings.Burst < settings.TokensPerPeriod)
            throw s.Invalid("burst", $"must be at least the tokens added per replenish-period ({settings.TokensPerPeriod})");
        if (settings.TokensPerPeriod < 1 ||
            settings.RatePerSecond * settings.ReplenishPeriod.Ticks % TimeSpan.TicksPerSecond != 0)
            throw s.Invalid("replenish-period", "rate-per-second × replenish-period must be a whole number of tokens ≥ 1");
        if (settings.BlacklistMax < settings.BlacklistBase)
            throw s.Invalid("blacklist-max", "must not be shorter than blacklist-base");
        return settings;
    }
}
