using Akka.Configuration;

namespace Roko.Actors.Mempool;

/// <summary>Read once from HOCON <c>roko.mempool</c> and <c>roko.temporal</c>.</summary>
public sealed record MempoolSettings(MempoolLimits Limits, TimeSpan EvictInterval)
{
    public static MempoolSettings Create(Config config)
    {
        var m = config.GetConfig("roko.mempool") ?? throw new ConfigurationException("missing HOCON section roko.mempool");
        var t = config.GetConfig("roko.temporal") ?? throw new ConfigurationException("missing HOCON section roko.temporal");
        var limits = new MempoolLimits(
            m.GetInt("max-transactions"),
            m.GetInt("max-per-sender"),
            ToNanos(t.GetTimeSpan("window-past")),
            ToNanos(t.GetTimeSpan("window-future")));
        if (limits.MaxTransactions <= 0) throw new ConfigurationException("roko.mempool.max-transactions must be > 0");
        if (limits.MaxPerSender <= 0) throw new ConfigurationException("roko.mempool.max-per-sender must be > 0");
        if (limits.WindowPastNanos <= 0) throw new ConfigurationException("roko.temporal.window-past must be > 0");
        if (limits.WindowFutureNanos < 0) throw new ConfigurationException("roko.temporal.window-future must be >= 0");
        var evict = m.GetTimeSpan("evict-interval");
        if (evict <= TimeSpan.Zero) throw new ConfigurationException("roko.mempool.evict-interval must be > 0");
        return new MempoolSettings(limits, evict);
    }

    private static long ToNanos(TimeSpan span) => checked(span.Ticks * 100);
}
