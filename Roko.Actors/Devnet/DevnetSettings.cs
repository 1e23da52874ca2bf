using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;

namespace Roko.Actors.Devnet;

/// <summary>Read once from HOCON <c>roko.devnet</c>.</summary>
public sealed record DevnetSettings(double TxRate, TimeSpan LoadTick, LoadTargets LoadTargets, TimeSpan ProgressInterval, TimeSpan SettleTime)
{
    public static DevnetSettings Create(Config config)
    {
        var c = SettingsReader.Section(config, "roko.devnet");
        return new DevnetSettings(
            c.Double("tx-rate", 0, double.MaxValue),
            c.Duration("load-tick", TimeSpan.FromTicks(1), TimeSpan.MaxValue),
            c.Enum<LoadTargets>("load-targets"),
            c.Duration("progress-interval", TimeSpan.FromTicks(1), TimeSpan.MaxValue),
            c.Duration("settle-time", TimeSpan.Zero, TimeSpan.MaxValue));
    }
}
