using Akka.Configuration;

namespace Roko.Actors.Devnet;

/// <summary>Read once from HOCON <c>roko.devnet</c>.</summary>
public sealed record DevnetSettings(double TxRate, TimeSpan LoadTick, TimeSpan ProgressInterval, TimeSpan SettleTime)
{
    public static DevnetSettings Create(Config config)
    {
        var c = config.GetConfig("roko.devnet") ?? throw new ConfigurationException("missing HOCON section roko.devnet");
        var settings = new DevnetSettings(c.GetDouble("tx-rate"), c.GetTimeSpan("load-tick"), c.GetTimeSpan("progress-interval"), c.GetTimeSpan("settle-time"));
        if (settings.TxRate < 0) throw new ConfigurationException("roko.devnet.tx-rate must be >= 0");
        if (settings.LoadTick <= TimeSpan.Zero) throw new ConfigurationException("roko.devnet.load-tick must be > 0");
        if (settings.ProgressInterval <= TimeSpan.Zero) throw new ConfigurationException("roko.devnet.progress-interval must be > 0");
        if (settings.SettleTime < TimeSpan.Zero) throw new ConfigurationException("roko.devnet.settle-time must be >= 0");
        return settings;
    }
}
