using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Network;

namespace Roko.Actors.Supervision;

/// <summary>
/// Read once from HOCON <c>roko.supervision</c>: how often a child of /user/node may fail within a window before it is
/// stopped for good (and the node stops being ready).
/// </summary>
public sealed record SupervisionSettings(int MaxRestarts, TimeSpan RestartWindow)
{
    public const string ConfigPath = "roko.supervision";

    public static SupervisionSettings Create(Config config)
    {
        var s = SettingsReader.Section(config, ConfigPath);
        return new SupervisionSettings(s.Int("max-restarts", 0), s.Duration("restart-window", TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1)));
    }
}
