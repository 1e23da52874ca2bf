using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;

namespace Roko.Actors.LightClient;

/// <summary>
/// Light-client verification settings, read once from HOCON <c>roko.light</c>. The trust level of skipping
/// verification is fixed by the protocol at one third (<see cref="HeaderVerifier.TrustNumerator"/>).
/// </summary>
public sealed record LightClientSettings(TimeSpan TrustingPeriod, TimeSpan MaxClockDrift)
{
    public static LightClientSettings Create(Config config)
    {
        var c = SettingsReader.Section(config, "roko.light");
        return new LightClientSettings(
            c.Duration("trusting-period", TimeSpan.FromTicks(1), TimeSpan.MaxValue),
            c.Duration("max-clock-drift", TimeSpan.Zero, TimeSpan.MaxValue));
    }
}
