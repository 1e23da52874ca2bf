using Akka.Configuration;

namespace Roko.Actors.Producer;

/// <summary>Read once from HOCON <c>roko.chain</c> and <c>roko.consensus</c>.</summary>
public sealed record BlockProducerSettings(TimeSpan BlockInterval, long InclusionDelayNanos, TimeSpan CommitTimeout)
{
    public static BlockProducerSettings Create(Config config)
    {
        var interval = config.GetTimeSpan("roko.chain.block-interval");
        var delay = config.GetTimeSpan("roko.consensus.inclusion-delay");
        var timeout = config.GetTimeSpan("roko.chain.commit-timeout");
        if (interval <= TimeSpan.Zero) throw new ConfigurationException("roko.chain.block-interval must be > 0");
        if (delay < TimeSpan.Zero) throw new ConfigurationException("roko.consensus.inclusion-delay must be >= 0");
        if (timeout <= TimeSpan.Zero) throw new ConfigurationException("roko.chain.commit-timeout must be > 0");
        return new BlockProducerSettings(interval, checked(delay.Ticks * 100), timeout);
    }
}
