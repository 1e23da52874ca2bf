using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Mempool;

/// <summary>Read once from HOCON <c>roko.mempool.late-arrivals</c>: see <see cref="Mempool.LateArrivals"/>.</summary>
/// <param name="Window">How long a late arrival keeps pulling slices back.</param>
/// <param name="Margin">Added to the latest lateness seen.</param>
/// <param name="MaxAllowance">The most a slice is pulled back, however late transactions arrive.</param>
public sealed record LateArrivalSettings(TimeSpan Window, TimeSpan Margin, TimeSpan MaxAllowance)
{
    private static readonly TimeSpan MaxSetting = TimeSpan.FromMinutes(10);

    public static LateArrivalSettings Create(SettingsReader s) => new(
        s.Duration("window", TimeSpan.Zero, MaxSetting),
        s.Duration("margin", TimeSpan.Zero, MaxSetting),
        s.Duration("max-allowance", TimeSpan.Zero, MaxSetting));

    public LateArrivals NewTracker() =>
        new(Nanoseconds.FromTimeSpan(Window), Nanoseconds.FromTimeSpan(Margin), Nanoseconds.FromTimeSpan(MaxAllowance));
}
