using Akka.Configuration;

namespace Roko.Actors.Devnet;

/// <summary>
/// What `roko devnet` runs when no flag says otherwise, read once from HOCON <c>roko.devnet</c> (validators, archive, light,
/// wan, http-port, live-refresh; documented in hocon/roko.conf). The transaction rate is <see cref="DevnetSettings.TxRate"/>.
/// </summary>
public sealed record DevnetDefaults(int Validators, int Archives, bool Wan, int HttpPort, TimeSpan LiveRefresh, int Light)
{
    public const string ConfigPath = "roko.devnet";

    public static DevnetDefaults Create(Config config)
    {
        var c = config.GetConfig(ConfigPath) ?? throw new ConfigurationException($"missing HOCON section {ConfigPath}");
        var defaults = new DevnetDefaults(c.GetInt("validators"), c.GetInt("archive"), c.GetBoolean("wan"), c.GetInt("http-port"),
            c.GetTimeSpan("live-refresh"), c.GetInt("light"));
        if (defaults.Validators < 1) throw new ConfigurationException($"{ConfigPath}.validators must be at least 1 (got {defaults.Validators})");
        if (defaults.Archives < 0) throw new ConfigurationException($"{ConfigPath}.archive must be >= 0 (got {defaults.Archives})");
        if (defaults.Light < 0) throw new ConfigurationException($"{ConfigPath}.light must be >= 0 (got {defaults.Light})");
        if (defaults.HttpPort is < 0 or > System.Net.IPEndPoint.MaxPort)
            throw new ConfigurationException($"{ConfigPath}.http-port must be between 0 and {System.Net.IPEndPoint.MaxPort} (got {defaults.HttpPort})");
        if (defaults.LiveRefresh <= TimeSpan.Zero) throw new ConfigurationException($"{ConfigPath}.live-refresh must be > 0");
        return defaults;
    }
}
