using Akka.Actor;
using Akka.Event;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Ledger;
using Roko.Actors.Persistence;
using static Roko.Actors.Producer.BlockProducerProtocol;
using static Roko.Actors.Mempool.MempoolProtocol;
using static Roko.Actors.Persistence.ChainStoreProtocol;

namespace Roko.Actors.Producer;

/// <summary>
/// The single-validator producer (consensus replaces it): every block interval it seals the slice
/// (last cutoff, now.earliest − inclusion delay], empty or not, signs its precommit as the commit certificate
/// and hands the block to the ChainStore. One block is in flight at a time.
/// </summary>
public sealed class BlockProducer : ReceiveActor, IWithTimers
{
    private const string TickTimer = "produce";
    private const string CommitTimer = "commit-timeout";

    private readonly SigningKey _key;
    private readonly IClock _clock;
    private readonly IActorRef _mempool;
    private readonly IActorRef _chain;
    private readonly BlockProducerSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private LedgerState? _tip;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(SigningKey key, IClock clock, IActorRef mempool, IActorRef chain, BlockProducerSettings settings) =>
        Akka.Actor.Props.Create(() => new BlockProducer(key, clock, mempool, chain, settings));

    public BlockProducer(SigningKey key, IClock clock, IActorRef mempool, IActorRef chain, BlockProducerSettings settings)
    {
        _key = key;
        _clock = clock;
        _mempool = mempool;
        _chain = chain;
        _settings = settings;
        WaitingForTip();
    }

    protected override void PreStart() => _chain.Tell(GetChainTip.Instance);

    private void WaitingForTip()
    {
        Receive<CurrentChainTip>(tip =>
        {
            _tip = tip.State;
            Timers.StartPeriodicTimer(TickTimer, ProduceBlock.Instance, _settings.BlockInterval);
            Become(Idle);
        });
        Receive<ProduceBlock>(_ => { });
    }

    private void Idle()
    {
        Receive<ProduceBlock>(_ => StartBlock());
        Receive<BlockCommitted>(e => _tip = e.State);
        Receive<CommitTimedOut>(_ => { });
    }

    private void StartBlock()
    {
        var tip = _tip!;
        if (!tip.Validators.Contains(_key.PublicKey))
        {
            _log.Warning("Not producing: key {0} is not in the validator set at height {1}", _key.PublicKey.Bytes.Short, tip.Height + 1);
            return;
        }
        var now = _clock.Now();
        if (!now.IsBounded)
        {
            _log.Warning("Not producing: the node clock is unsynchronized");
            return;
        }
        var cutoff = TemporalRules.CutoffFor(now, _settings.InclusionDelayNanos);
        var blockTime = now.Midpoint;
        if (cutoff <= tip.LastCutoff || blockTime <= tip.LastBlockTime)
        {
            _log.Warning("Not producing: clock {0} is not past the chain tip's cutoff {1} / block time {2}", now, tip.LastCutoff, tip.LastBlockTime);
            return;
        }
        _mempool.Tell(new GetSlice(cutoff));
        Become(() => AwaitingSlice(blockTime));
    }

    private void AwaitingSlice(Hardware.Time.NanoMoment blockTime)
    {
        Receive<CurrentSlice>(slice => Seal(slice, blockTime));
        Receive<ProduceBlock>(_ => { });
        Receive<BlockCommitted>(e => _tip = e.State);
    }

    private void Seal(CurrentSlice slice, Hardware.Time.NanoMoment blockTime)
    {
        var tip = _tip!;
        var assembled = BlockAssembly.Assemble(tip, slice.Transactions, slice.Cutoff, blockTime, _key.PublicKey);
        if (assembled.Excluded.Count > 0) _mempool.Tell(new TransactionsExcluded(assembled.Excluded));
        var header = assembled.Header;
        var precommit = Vote.Create(VoteType.Precommit, tip.ChainId, header.Height, 0, header.Hash, _clock.Now(), _key);
        var block = assembled.WithCommit(CommitCertificate.FromVotes(header.Height, 0, header.Hash, [precommit]));
        _chain.Tell(new CommitBlock(block));
        Timers.StartSingleTimer(CommitTimer, new CommitTimedOut(header.Height), _settings.CommitTimeout);
        Become(() => AwaitingCommit(header.Height));
    }

    private void AwaitingCommit(ulong height)
    {
        Receive<BlockCommitted>(e =>
        {
            _tip = e.State;
            if (e.Block.Height != height) return;
            Timers.Cancel(CommitTimer);
            _log.Info("Committed block {0} {1} with {2} transaction(s), cutoff {3}", height, e.Block.Hash.Short, e.Block.Transactions.Length, e.Block.Header.Cutoff);
            Become(Idle);
        });
        Receive<BlockRefused>(r =>
        {
            Timers.Cancel(CommitTimer);
            _log.Error("The chain store refused block {0}: {1}; re-reading the tip", r.Height, r.Reason);
            _chain.Tell(GetChainTip.Instance);
            Become(WaitingForTip);
        });
        Receive<CommitTimedOut>(t =>
        {
            _log.Warning("No answer to the commit of block {0} within {1}; re-reading the tip", t.Height, _settings.CommitTimeout);
            _chain.Tell(GetChainTip.Instance);
            Become(WaitingForTip);
        });
        Receive<ProduceBlock>(_ => { });
    }
}
