using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Roko.Actors.Persistence;
using static Roko.Actors.Mempool.MempoolProtocol;
using static Roko.Actors.Mempool.MempoolShardProtocol;

namespace Roko.Actors.Mempool;

/// <summary>
/// The mailbox of the mempool router and its shards: the block path — a proposer's slice request and the shards'
/// answers, a committed or sealed block, transactions a proposal left out, the chain tip, the admission probe's verdict —
/// goes ahead of transaction
/// traffic (submissions, gossip, admissions, each of which verifies a signature). Under a flood the shards' mailboxes
/// hold thousands of admissions; first in, first out, a proposer's <see cref="GetShardSlice"/> waited behind all of
/// them and every round timed out without a proposal. Within a priority, first in, first out. Declared in
/// hocon/roko.conf as <see cref="Id"/>.
/// </summary>
public sealed class MempoolMailbox(Settings settings, Config config) : UnboundedStablePriorityMailbox(settings, config)
{
    public const string Id = "roko.mempool.mailbox";
    private const int BlockPath = 0;
    private const int Traffic = 1;

    protected override int PriorityGenerator(object message) => message switch
    {
        GetSlice or ShardSlice or GetShardSlice or SealBlock or TransactionsExcluded
            or ChainStoreProtocol.BlockCommitted or ChainStoreProtocol.CurrentChainTip or GetMempoolStatus
            or AdmissionProbeProtocol.AdmissionLoadChanged => BlockPath,
        _ => Traffic,
    };
}
