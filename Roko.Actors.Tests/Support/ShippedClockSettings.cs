using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Hardware.Ptp;
using Roko.Actors.Hardware.TimeCard;
using Roko.Actors.Nodes;

namespace Roko.Actors.Tests.Support;

/// <summary>
/// The clock settings as hocon/roko.conf ships them (the settings classes hold no defaults of their own): what tests start
/// from, changing what they need with <c>with</c>.
/// </summary>
internal static class ShippedClockSettings
{
    /// <summary>roko.clock of hocon/roko.conf.</summary>
    public static ClockSourceSettings Clock { get; } = ClockSourceSettings.Create(RokoConfig.Defaults);

    /// <summary>roko.clock.time-card of hocon/roko.conf.</summary>
    public static TimeCardSettings TimeCard => Clock.TimeCard;

    /// <summary>roko.clock.ptp4l with roko.ptp of hocon/roko.conf.</summary>
    public static Ptp4lSourceSettings Ptp4l { get; } =
        Ptp4lSourceSettings.Create(SettingsReader.Section(RokoConfig.Defaults, ClockSourceSettings.ConfigPath).Child("ptp4l"), RokoConfig.Defaults);
}
