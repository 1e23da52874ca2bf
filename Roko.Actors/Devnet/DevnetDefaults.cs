using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;

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
        var c = SettingsReader.Section(config, ConfigPath);
        return new DevnetDefaults(
            c.Int("validators", 1),
            c.Int("archive", 0),
            c.Bool("wan"),
            c.Int("http-port", 0, System.Net.IPEndPoint.MaxPort),
            c.Duration("live-refresh", TimeSpan.FromTicks(1), TimeSpan.MaxValue),
            c.Int("light", 0));
    }
}
