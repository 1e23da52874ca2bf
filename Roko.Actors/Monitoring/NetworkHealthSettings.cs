using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Network;

namespace Roko.Actors.Monitoring;

/// <summary>The <c>roko.health</c> block (NetworkHealth singleton and the nodes' reports), read once.</summary>
public sealed record NetworkHealthSettings
{
    public const string Path = "roko.health";

    /// <summary>How often every node sends its snapshot to the singleton.</summary>
    public required TimeSpan ReportInterval { get; init; }
    /// <summary>A node whose latest snapshot is older than this is left out of the figures.</summary>
    public required TimeSpan StaleAfter { get; init; }

    public static NetworkHealthSettings Create(Config root)
    {
        var s = SettingsReader.Section(root, Path);
        var report = s.Duration("report-interval", TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1));
        var stale = s.Duration("stale-after", TimeSpan.FromMilliseconds(10), TimeSpan.FromDays(1));
        if (stale <= report)
            throw s.Invalid("stale-after", $"must be longer than report-interval ({report}), or every node would count as stale");
        return new NetworkHealthSettings { ReportInterval = report, StaleAfter = stale };
    }
}
