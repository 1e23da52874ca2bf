using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;

namespace Roko.Actors.Network.Overlay;

/// <summary>HOCON <c>roko.network.incarnation</c>, read once (see <see cref="IncarnationGuard"/>).</summary>
public sealed record IncarnationSettings(TimeSpan NoticeInterval)
{
    public const string Path = "roko.network.incarnation";

    /// <summary>Off (zero interval): the node never announces itself; members left from a previous run wait for the split-brain resolver.</summary>
    public bool Enabled => NoticeInterval > TimeSpan.Zero;

    public static IncarnationSettings Create(Config root)
    {
        var s = SettingsReader.Section(root, Path);
        return new IncarnationSettings(s.Duration("notice-interval", TimeSpan.Zero, TimeSpan.FromMinutes(10)));
    }
}
