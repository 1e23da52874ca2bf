using System.Globalization;
using Roko.Actors.Ledger;

namespace Roko.Actors.Devnet;

/// <summary>
/// Which simulated clock each devnet validator gets, as roko.clock HOCON. Validators 0 .. regions−1 (the first of each
/// region) are time cards: locked to true time, claiming <see cref="DevnetClockSettings.TimeCardErrorNanos"/>. The rest
/// start unsynchronized with a seeded offset and drift, and converge through time sync on the time cards.
/// </summary>
public static class DevnetClockPlan
{
    private const int SeedStride = 1_000;

    public static bool IsTimeCard(int validatorIndex) => validatorIndex < ValidatorRegions.Known.Count;

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

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
