using Akka.Configuration;

namespace Roko.Actors.LightClient;

/// <summary>
/// Light-client verification settings, read once from HOCON <c>roko.light</c>. The trust level of skipping
/// verification is fixed by the protocol at one third (<see cref="HeaderVerifier.TrustNumerator"/>).
/// </summary>
public sealed record LightClientSettings(TimeSpan TrustingPeriod, TimeSpan MaxClockDrift)
{
    public static LightClientSettings Create(Config config)
    {
        var c = config.GetConfig("roko.light") ?? throw new ConfigurationException("missing HOCON section roko.light");
        var settings = new LightClientSettings(c.GetTimeSpan("trusting-period"), c.GetTimeSpan("max-clock-drift"));
        if (settings.TrustingPeriod <= TimeSpan.Zero) throw new ConfigurationException("roko.light.trusting-period must be > 0");
        if (settings.MaxClockDrift < TimeSpan.Zero) throw new ConfigurationException("roko.light.max-clock-drift must be >= 0");
        return settings;
    }
}
