namespace Roko.Actors.Network;

/// <summary>What the emulated WAN does to one send: drop it, or deliver it after <paramref name="Delay"/>.</summary>
public readonly record struct WanDecision(bool Dropped, TimeSpan Delay)
{
    public static WanDecision Lost { get; } = new(true, TimeSpan.Zero);
    public static WanDecision After(TimeSpan delay) => new(false, delay);
}

/// <summary>
/// Emulated geography: a one-way latency per region pair (symmetric), uniform jitter and independent loss.
/// The caller owns the <see cref="Random"/> (seeded from <see cref="WanSettings.Seed"/>), so a run replays.
/// When emulation is off every send goes at once. Pure.
/// </summary>
public sealed class WanProfile(WanSettings settings)
{
    public WanSettings Settings { get; } = settings;

    public TimeSpan OneWay(Region from, Region to) => (from, to) switch
    {
        _ when from == to => Settings.IntraRegion,
        (Region.NorthAmerica, Region.Europe) or (Region.Europe, Region.NorthAmerica) => Settings.NorthAmericaEurope,
        (Region.NorthAmerica, Region.AsiaPacific) or (Region.AsiaPacific, Region.NorthAmerica) => Settings.NorthAmericaAsiaPacific,
        _ => Settings.EuropeAsiaPacific,
    };

    public WanDecision Decide(Region from, Region to, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!Settings.Enabled) return WanDecision.After(TimeSpan.Zero);
        if (Settings.Loss > 0 && random.NextDouble() < Settings.Loss) return WanDecision.Lost;
        long jitter = Settings.Jitter.Ticks == 0 ? 0 : random.NextInt64(-Settings.Jitter.Ticks, Settings.Jitter.Ticks + 1);
        long ticks = Math.Max(0, OneWay(from, to).Ticks + jitter);
        return WanDecision.After(TimeSpan.FromTicks(ticks));
    }

    /// <summary>A generator for this node: seeded from the settings, or fresh when the seed is 0.</summary>
    public Random NewRandom() => Settings.Seed == 0 ? new Random() : new Random(Settings.Seed);
}
