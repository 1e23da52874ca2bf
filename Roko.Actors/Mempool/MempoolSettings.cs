using Akka.Configuration;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Mempool;

/// <summary>Read once from HOCON <c>roko.mempool</c> and <c>roko.temporal</c>.</summary>
/// <param name="Shards">How many MempoolShard actors split the pool (<c>roko.mempool.shards</c>, <c>auto</c> = processor count).</param>
/// <param name="VerifiedSignatures">Capacity of the node's verified-signature cache (<c>roko.mempool.verified-signatures</c>).</param>
/// <param name="ForwardTo">Who a transaction submitted here is sent to (<c>roko.mempool.forward-to</c>).</param>
/// <param name="ForwardHeights">With <see cref="ForwardTarget.Proposers"/>: next heights whose proposers get it (<c>roko.mempool.forward-to-proposers.heights</c>).</param>
/// <param name="ForwardRounds">With <see cref="ForwardTarget.Proposers"/>: rounds of each of those heights (<c>roko.mempool.forward-to-proposers.rounds</c>).</param>
public sealed record MempoolSettings(MempoolLimits Limits, TimeSpan EvictInterval, int Shards, int VerifiedSignatures, ForwardTarget ForwardTo,
    int ForwardHeights, int ForwardRounds)
{
    /// <summary>When clients' transactions are refused as busy (<c>roko.mempool.admission</c>).</summary>
    public required AdmissionSettings Admission { get; init; }

    public const string AutoShards = "auto";
    private const int MaxShards = 1024;

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
        int verified = m.GetInt("verified-signatures");
        if (verified < 2) throw new ConfigurationException($"roko.mempool.verified-signatures must be >= 2, got {verified}");
        int heights = m.GetInt("forward-to-proposers.heights");
        int rounds = m.GetInt("forward-to-proposers.rounds");
        if (heights < 1) throw new ConfigurationException($"roko.mempool.forward-to-proposers.heights must be >= 1, got {heights}");
        if (rounds < 1) throw new ConfigurationException($"roko.mempool.forward-to-proposers.rounds must be >= 1, got {rounds}");
        var forwardTo = m.GetString("forward-to") switch
        {
            "validators" => ForwardTarget.Validators,
            "proposers" => ForwardTarget.Proposers,
            var other => throw new ConfigurationException($"roko.mempool.forward-to must be validators or proposers, got '{other}'"),
        };
        return new MempoolSettings(limits, evict, ParseShards(m.GetString("shards")), verified, forwardTo, heights, rounds)
        {
            Admission = AdmissionSettings.Create(config),
        };
    }

    /// <summary><c>auto</c> (one shard per processor) or a count from 1 to 1024.</summary>
    public static int ParseShards(string? value)
    {
        var text = value?.Trim() ?? "";
        if (string.Equals(text, AutoShards, StringComparison.OrdinalIgnoreCase)) return Environment.ProcessorCount;
        if (int.TryParse(text, out int shards) && shards is >= 1 and <= MaxShards) return shards;
        throw new ConfigurationException($"roko.mempool.shards must be '{AutoShards}' or a number from 1 to {MaxShards}, got '{value}'");
    }

    private static long ToNanos(TimeSpan span) => Nanoseconds.FromTimeSpan(span);
}
