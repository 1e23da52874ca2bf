using System.Globalization;

namespace Roko.Actors.Devnet;

/// <summary>
/// Which simulated clock each devnet validator gets, as roko.clock HOCON. Every validator is a time card (locked to true
/// time, claiming <see cref="DevnetClockSettings.TimeCardErrorNanos"/>) except every fourth one (index 3, 7, 11, ...),
/// which starts unsynchronized with a seeded offset and drift and converges through time sync on the time cards. A
/// validator with an unbounded clock sits out until it is synchronized, so fewer than a third of them may start that
/// way or the first height could not gather > 2/3 of the stake (a quarter keeps every devnet size above that).
/// </summary>
public static class DevnetClockPlan
{
    private const int SeedStride = 1_000;
    private const int UnsynchronizedEvery = 4;

    public static bool IsTimeCard(int validatorIndex) => validatorIndex % UnsynchronizedEvery != UnsynchronizedEvery - 1;

    /// <summary>The node's clock, deterministic in (settings.Seed, index); empty when the devnet does not simulate clocks.</summary>
    public static string HoconFor(int validatorIndex, DevnetClockSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Simulated) return "";
        if (IsTimeCard(validatorIndex))
            return $"""
                roko.clock {"{"}
                  source = simulated
                  max-drift-ppm = {Number(settings.TimeCardMaxDriftPpm)}
                  simulated {"{"} time-card = on, status = synchronized, claimed-error = {settings.TimeCardErrorNanos}ns, seed = {validatorIndex} {"}"}
                {"}"}
                """;
        var random = new Random(settings.Seed * SeedStride + validatorIndex);
        long offset = random.NextInt64(-settings.MaxInitialOffsetNanos, settings.MaxInitialOffsetNanos + 1);
        double drift = (random.NextDouble() * 2 - 1) * settings.MaxDriftPpm;
        // Residual frequency error after correction is at most twice the oscillator bound (the estimate is clamped to it).
        return $"""
            roko.clock {"{"}
              source = simulated
              max-drift-ppm = {Number(2 * settings.MaxDriftPpm)}
              max-slew-ppm = {Number(settings.SlewPpm)}
              step-threshold = {settings.StepThresholdNanos}ns
              simulated {"{"} offset = {offset}ns, drift-ppm = {Number(drift)}, status = unsynchronized, seed = {validatorIndex} {"}"}
            {"}"}
            """;
    }

    /// <summary>
    /// An archive's clock: a time card like the validators' (archives do not vote, but they stamp envelopes and answer
    /// time-sync probes, so they start bounded); seeded apart from every validator's. Empty when clocks are not simulated.
    /// </summary>
    public static string HoconForArchive(int archiveIndex, DevnetClockSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Simulated) return "";
        return $"""
            roko.clock {"{"}
              source = simulated
              max-drift-ppm = {Number(settings.TimeCardMaxDriftPpm)}
              simulated {"{"} time-card = on, status = synchronized, claimed-error = {settings.TimeCardErrorNanos}ns, seed = {ArchiveSeedBase + archiveIndex} {"}"}
            {"}"}
            """;
    }

    private const int ArchiveSeedBase = 1_000_000;

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
