using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Network;

namespace Roko.Actors.Mempool;

/// <summary>Read once from HOCON <c>roko.mempool.admission</c>: when clients' transactions are refused as <see cref="AdmissionCode.Busy"/>.</summary>
/// <param name="ProbeInterval">How often the dispatcher's lateness is measured.</param>
/// <param name="BusyAbove">Smoothed lateness above which new client transactions are refused.</param>
/// <param name="ClearBelow">Smoothed lateness below which they are taken again (at most <paramref name="BusyAbove"/>).</param>
/// <param name="Smoothing">Weight of the newest sample in the smoothed lateness, in (0, 1].</param>
/// <param name="RetryAfter">What a refused client is told to wait (HTTP Retry-After, whole seconds).</param>
/// <param name="MinPending">Pending transactions below which nothing is refused, however late the dispatcher: the lateness then comes from elsewhere.</param>
/// <param name="BusyVerifyHeadroom">Busy while the earliest transaction waiting for its signature check is within this of inclusion-delay since its signing.</param>
/// <param name="BusySliceLag">Busy while the last committed block sealed its slice more than this earlier than inclusion-delay puts it.</param>
public sealed record AdmissionSettings(TimeSpan ProbeInterval, TimeSpan BusyAbove, TimeSpan ClearBelow, double Smoothing, TimeSpan RetryAfter,
    int MinPending, TimeSpan BusyVerifyHeadroom, TimeSpan BusySliceLag)
{
    public const string Section = "roko.mempool.admission";
    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxSetting = TimeSpan.FromMinutes(10);

    public static AdmissionSettings Create(Config config)
    {
        var s = SettingsReader.Section(config, Section);
        var busyAbove = s.Duration("busy-above", TimeSpan.FromMilliseconds(1), MaxSetting);
        return new AdmissionSettings(
            s.Duration("probe-interval", MinInterval, MaxSetting),
            busyAbove,
            s.Duration("clear-below", TimeSpan.Zero, busyAbove),
            s.Double("smoothing", 0.001, 1.0),
            s.Duration("retry-after", TimeSpan.FromSeconds(1), MaxSetting),
            s.Int("min-pending", 0),
            s.Duration("busy-verify-headroom", TimeSpan.Zero, MaxSetting),
            s.Duration("busy-slice-lag", TimeSpan.FromMilliseconds(1), MaxSetting));
    }
}
