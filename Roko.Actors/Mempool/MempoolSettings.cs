using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;

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

    /// <summary>How much earlier a proposer's slice stops after transactions reached this node late (<c>roko.mempool.late-arrivals</c>).</summary>
    public required LateArrivalSettings LateArrivals { get; init; }

    /// <summary>Longest a newly admitted client transaction waits for others to share its gossip envelope; zero sends each alone (<c>roko.mempool.gossip-batch.window</c>).</summary>
    public required TimeSpan GossipBatchWindow { get; init; }

    /// <summary>A gossip batch is sent once it holds this many transactions (<c>roko.mempool.gossip-batch.max-transactions</c>).</summary>
    public required int GossipBatchMax { get; init; }

    public const string AutoShards = "auto";
    private const int MaxShards = 1024;
    private static readonly TimeSpan ShortestSpan = TimeSpan.FromTicks(1);

    public static MempoolSettings Create(Config config)
    {
        var m = SettingsReader.Section(config, "roko.mempool");
        var t = SettingsReader.Section(config, "roko.temporal");
        var limits = new MempoolLimits(
            m.Int("max-transactions", 1),
            m.Int("max-per-sender", 1),
            Nanoseconds.FromTimeSpan(t.Duration("window-past", ShortestSpan, TimeSpan.MaxValue)),
            Nanoseconds.FromTimeSpan(t.Duration("window-future", TimeSpan.Zero, TimeSpan.MaxValue)));
        var evict = m.Duration("evict-interval", ShortestSpan, TimeSpan.MaxValue);
        int verified = m.Int("verified-signatures", 2);
        var forwardToProposers = m.Child("forward-to-proposers");
        int heights = forwardToProposers.Int("heights", 1);
        int rounds = forwardToProposers.Int("rounds", 1);
        var forwardTo = m.Text("forward-to") switch
        {
            "validators" => ForwardTarget.Validators,
            "proposers" => ForwardTarget.Proposers,
            var other => throw m.Invalid("forward-to", $"must be validators or proposers, got '{other}'"),
        };
        return new MempoolSettings(limits, evict, ParseShards(m, "shards"), verified, forwardTo, heights, rounds)
        {
            Admission = AdmissionSettings.Create(config),
            LateArrivals = LateArrivalSettings.Create(m.Child("late-arrivals")),
            GossipBatchWindow = m.Child("gossip-batch").Duration("window", TimeSpan.Zero, TimeSpan.FromSeconds(1)),
            GossipBatchMax = m.Child("gossip-batch").Int("max-transactions", 1, TransactionBatch.MaxTransactions),
        };
    }

    /// <summary><c>auto</c> (one shard per processor) or a count from 1 to 1024.</summary>
    private static int ParseShards(SettingsReader m, string key)
    {
        var text = m.Text(key).Trim();
        if (string.Equals(text, AutoShards, StringComparison.OrdinalIgnoreCase)) return Environment.ProcessorCount;
        if (int.TryParse(text, out int shards) && shards is >= 1 and <= MaxShards) return shards;
        throw m.Invalid(key, $"must be '{AutoShards}' or a number from 1 to {MaxShards}, got '{text}'");
    }
}
