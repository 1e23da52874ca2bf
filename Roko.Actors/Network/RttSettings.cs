using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Network;

/// <summary>Round-trip time estimation, read from <c>roko.network.rtt</c>.</summary>
public sealed record RttSettings
{
    public const string Path = "roko.network.rtt";

    /// <summary>Weight of a new sample in the smoothed RTT, in (0, 1].</summary>
    public required double EwmaAlpha { get; init; }
    /// <summary>Number of most recent samples the minimum is taken over.</summary>
    public required int MinWindow { get; init; }
    /// <summary>Samples longer than this are rejected as absurd.</summary>
    public required TimeSpan MaxPlausible { get; init; }

    public long MaxPlausibleNanos => Nanoseconds.FromTimeSpan(MaxPlausible);

    public static RttSettings Create(Config root)
    {
        var s = SettingsReader.Section(root, Path);
        var alpha = s.Double("ewma-alpha", 0, 1);
        if (alpha <= 0) throw s.Invalid("ewma-alpha", "must be greater than 0");
        return new RttSettings
        {
            EwmaAlpha = alpha,
            MinWindow = s.Int("min-window", 1, 100_000),
            MaxPlausible = s.Duration("max-plausible", TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1)),
        };
    }
}
