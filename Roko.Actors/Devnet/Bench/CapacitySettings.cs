using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;

namespace Roko.Actors.Devnet.Bench;

/// <summary>Read once from HOCON <c>roko.bench.capacity</c> (documented in hocon/roko.conf).</summary>
public sealed record CapacitySettings(IReadOnlyList<double> Rates, TimeSpan Duration, CapacityRule Rule)
{
    public const string ConfigPath = "roko.bench.capacity";

    public static CapacitySettings Create(Config config)
    {
        var c = SettingsReader.Section(config, ConfigPath);
        var rates = new List<double>();
        foreach (var text in c.TextList("rates"))
        {
            rates.Add(CapacityRates.ParseRate(text) ?? throw c.Invalid("rates", $"expected positive numbers of transactions per second, got '{text}'"));
        }
        if (CapacityRates.Problem(rates) is { } problem) throw c.Invalid("rates", problem);
        return new CapacitySettings(rates,
            c.Duration("duration", TimeSpan.FromTicks(1), TimeSpan.MaxValue),
            new CapacityRule(
                c.Double("min-finalized-share", 0, 1),
                c.Duration("max-finality-p99", TimeSpan.Zero, TimeSpan.MaxValue)));
    }
}
