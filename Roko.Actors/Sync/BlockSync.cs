using Akka.Actor;
using Akka.Event;
using Roko.Actors.Consensus;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Ledger;
using Roko.Actors.Network;
using Roko.Actors.Network.Overlay;
using Roko.Actors.Persistence;
using Roko.Actors.Primitives;
using static Roko.Actors.Sync.BlockSyncProtocol;

namespace Roko.Actors.Sync;

/// <summary>
/// /user/node/sync. Fetching: asks established peers whose handshake key it knows (through <see cref="SyncPlanner"/>)
/// for the committed blocks past this node's tip, refuses an answer not signed by the key of the peer it asked
/// (<see cref="BlockRangeSignature"/>: counted by the node's guard as an invalid message of its sender), checks each
/// block's link and commit certificate against the validator set of its height (<see cref="SyncedBlockCheck"/>), hands
/// it to the ChainStore, and tells consensus where the chain now is. Serving: admits each range request through the
/// node's guard (<see cref="GuardPath.BlockSync"/>, per peer key or sending host; the excess is dropped) and answers it from the
/// local journal, capped at <c>roko.sync.max-range</c>, signed with the node key.
/// </summary>
public sealed class BlockSync : ReceiveActor, IWithTimers
{
    private const string PollTimer = "poll";
    private const string RequestTimer = "request";

    private readonly string _chainId;
    private readonly SigningKey _nodeKey;
    private readonly NodeGuard? _guard;
    private readonly SyncSettings _settings;
    private readonly IClock _clock;
    private readonly IActorRef _chain;
    private readonly IActorRef _peers;
    private readonly IActorRef _consensus;
    private readonly Func<PeerId, ICanTell> _serverOf;
    private readonly SyncPlanner _planner;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Queue<Block> _pending = new();
    private readonly Dictionary<PeerId, PublicKey> _peerKeys = [];
    private LedgerState? _tip;
    private PeerId _source;
    private ulong _applied;
    private WanCut _wanCut = WanCut.None;
    private long _lastProbe;
    private PeerId? _probed; // the peer asked by the latest fork probe (request id _lastProbe)
    private bool _saidWaiting; // the log last said block sync waits for roko.sync.min-peers

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="serverOf">Where a peer's BlockSync is (production: its /user/node/sync over Akka.Remote).</param>
    /// <param name="nodeKey">This node's key: signs the ranges it serves.</param>
    /// <param name="guard">The node's guard, which meters range requests and counts refused answers (null: neither).</param>
    public static Props Props(string chainId, SyncSettings settings, IClock clock, IActorRef chain, IActorRef peers, IActorRef consensus,
        Func<PeerId, ICanTell> serverOf, SigningKey nodeKey, NodeGuard? guard) =>
        Akka.Actor.Props.Create(() => new BlockSync(chainId, settings, clock, chain, peers, consensus, serverOf, nodeKey, guard));

    public BlockSync(string chainId, SyncSettings settings, IClock clock, IActorRef chain, IActorRef peers, IActorRef consensus,
        Func<PeerId, ICanTell> serverOf, SigningKey nodeKey, NodeGuard? guard)
    {
        _chainId = chainId;
        _nodeKey = nodeKey;
        _guard = guard;
        _settings = settings;
        _clock = clock;
        _chain = chain;
        _peers = peers;
        _consensus = consensus;
        _serverOf = serverOf;
        _planner = SyncPlanner.Create(settings);

        Receive<Poll>(_ => OnPoll());
        Receive<ChainStoreProtocol.CurrentChainTip>(t => OnTip(t.State));
        Receive<PeerManagerProtocol.PeersByLatency>(OnPeers);
        // The event names no key: the peer list (asked at once) gives the key its handshake proved, and adds the peer.
        Receive<PeerManagerProtocol.PeerEstablished>(_ => _peers.Tell(PeerManagerProtocol.GetPeersByLatency.Instance));
        Receive<BlockRange>(OnRange);
        Receive<RequestTimedOut>(t =>
        {
            if (_planner.InFlight is { } r && _planner.OnTimeout(t.RequestId, Now))
                Refuse(r.Peer, new SyncRefusal(SyncRefusalReason.NoAnswer, 0, $"no answer for blocks from {r.From} within {_settings.RequestTimeout}"));
        });
        Receive<ChainStoreProtocol.BlockCommitted>(OnCommitted);
        Receive<ChainStoreProtocol.BlockRefused>(OnChainRefused);
        Receive<PeerManagerProtocol.WanCutChanged>(changed => _wanCut = changed.Cut);
        // Over a link the emulated WAN cut, a request is lost: the asking peer times out as it would on a real cut.
        Receive<GetBlockRange>(request =>
        {
            if (!_wanCut.Isolates(Sender.Path.Address.ToString()) && Admitted()) Serve(request);
        });
        Receive<RangeRead>(r => r.ReplyTo.Tell(r.Answer));
        Receive<Status.Failure>(f => _log.Warning("Reading blocks for a peer failed: {0}", f.Cause.Message));
        Receive<GetSyncStatus>(_ => Sender.Tell(new CurrentSyncStatus(_planner.Tip, _planner.Syncing, _planner.Peers.Count, _applied)));
    }

    // The clock's estimate, not the midpoint of its interval: a node whose clock is unbounded (restarted, not yet
    // synchronized) must still time its requests and polls (an unbounded interval's midpoint is 1970).
    private Hardware.Time.NanoMoment Now => _clock.Estimate();

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(PeerManagerProtocol.PeerEstablished));
        Context.System.EventStream.Subscribe(Self, typeof(PeerManagerProtocol.WanCutChanged));
        Timers.StartPeriodicTimer(PollTimer, Poll.Instance, _settings.PollInterval);
        _peers.Tell(PeerManagerProtocol.GetPeersByLatency.Instance);
        _chain.Tell(ChainStoreProtocol.GetChainTip.Instance); // resume from our own tip
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void OnPoll()
    {
        if (_planner.Overdue(Now) && _planner.InFlight is { } r)
            Self.Tell(new RequestTimedOut(r.Id));
        _peers.Tell(PeerManagerProtocol.GetPeersByLatency.Instance);
        if (_pending.Count == 0) _chain.Tell(ChainStoreProtocol.GetChainTip.Instance);
    }

    /// <summary>
    /// Established peers whose handshake key is known are the ones asked (an answer is checked against that key); a
    /// peer new to the set is asked at once.
    /// </summary>
    private void OnPeers(PeerManagerProtocol.PeersByLatency peers)
    {
        _peerKeys.Clear();
        foreach (var peer in peers.Peers)
            if (peer is { State: PeerState.Established, NodeKey: { } key }) _peerKeys[peer.Id] = key;
        bool grew = _peerKeys.Keys.Any(p => !_planner.Peers.Contains(p));
        _planner.SetPeers(peers.Peers.Where(p => _peerKeys.ContainsKey(p.Id)).Select(p => p.Id));
        if (_planner.WaitingForPeers != _saidWaiting)
        {
            _saidWaiting = _planner.WaitingForPeers;
            if (_planner.WaitingForPeers)
                _log.Info("Block sync asks no peer yet: it knows {0} established peer(s), roko.sync.min-peers = {1}", _planner.Peers.Count, _settings.MinPeers);
            else
                _log.Info("Block sync knows {0} established peers (roko.sync.min-peers = {1}): asking them", _planner.Peers.Count, _settings.MinPeers);
        }
        if (grew) Ask();
    }

    /// <summary>
    /// A range request from another node passes the node's guard, metered per node key when it comes from an established
    /// peer (its handshake proved the key; nodes sharing a host keep their own standing), else per sending host;
    /// the excess is dropped, not answered: an answer would cost the flooder's victim the very work the guard spares it,
    /// and a requester within its rate never sees a refusal (it keeps one request in flight and moves to another peer
    /// when one goes unanswered for <c>roko.sync.request-timeout</c>). The guard counts and logs every refusal.
    /// </summary>
    private bool Admitted() =>
        _guard is null || SourceOfSender() is not { } source || _guard.Admit(GuardPath.BlockSync, source).IsAllowed;

    /// <summary>The guard's source for the current sender: an established peer's node key, else its host (null: local).</summary>
    private GuardSource? SourceOfSender() =>
        _peerKeys.TryGetValue(new PeerId(Sender.Path.Address.ToString()), out var key) ? GuardSource.Node(key) : SenderSource.Of(Sender);

    /// <summary>
    /// True when the answer comes over the wire from another node than <paramref name="peer"/>, the one asked (its id is
    /// its address): someone who guessed the request id. It is counted by the guard as an invalid message of its sender
    /// and otherwise ignored, so it cannot make this node skip the honest peer; the request stays in flight.
    /// </summary>
    private bool FromImpostor(PeerId peer)
    {
        if (SourceOfSender() is not { } source || Sender.Path.Address.ToString() == peer.Value) return false;
        _guard?.ReportInvalid(GuardPath.BlockSync, source, $"block-range answer from {Sender.Path.Address} for a request sent to {peer}");
        return true;
    }

    /// <summary>
    /// Null when <paramref name="range"/> is signed by the handshake key of <paramref name="peer"/>; otherwise the
    /// refusal, after the guard counted the answer as an invalid message of its sender.
    /// </summary>
    private SyncRefusal? SignatureRefusal(BlockRange range, PeerId peer)
    {
        var refusal = _peerKeys.TryGetValue(peer, out var key)
            ? BlockRangeSignature.Check(range, _chainId, key)
            : new SyncRefusal(SyncRefusalReason.WrongSigner, 0, $"no handshake key known for {peer}");
        if (refusal is not null && _guard is not null && SourceOfSender() is { } source)
            _guard.ReportInvalid(GuardPath.BlockSync, source, $"block-range answer: {refusal}");
        return refusal;
    }

    private void OnTip(LedgerState tip)
    {
        if (_pending.Count > 0) return; // applying a range: our own commits move the tip
        if (_tip is null || tip.Height > _tip.Height) _tip = tip;
        _planner.SetTip(_tip.Height);
        Ask();
    }

    private void Ask()
    {
        if (_tip is null || _pending.Count > 0) return;
        if (_planner.Next(Now) is not { } request) return;
        if (!_wanCut.Isolates(request.Peer.ToString())) // lost on a cut link: the timeout below refuses the peer
            _serverOf(request.Peer).Tell(new GetBlockRange(request.Id, request.From, request.Count), Self);
        Timers.StartSingleTimer(RequestTimer, new RequestTimedOut(request.Id), _settings.RequestTimeout);
    }

    private void OnRange(BlockRange range)
    {
        if (range.RequestId < 0)
        {
            OnProbed(range);
            return;
        }
        if (_planner.InFlight is not { } request || request.Id != range.RequestId) return; // late or unasked: ignore
        var peer = request.Peer;
        if (FromImpostor(peer)) return;
        Timers.Cancel(RequestTimer);
        if (SignatureRefusal(range, peer) is { } unsigned)
        {
            Refuse(peer, unsigned);
            return;
        }
        if (range.From != request.From || range.Blocks.Length > request.Count)
        {
            Refuse(peer, new SyncRefusal(SyncRefusalReason.WrongRange, range.From,
                $"asked for up to {request.Count} from {request.From}, got {range.Blocks.Length} from {range.From}"));
            return;
        }
        if (range.Blocks.Length == 0)
        {
            _planner.OnNothingNew(Now);
            return;
        }
        var blocks = new List<Block>(range.Blocks.Length);
        for (int i = 0; i < range.Blocks.Length; i++)
        {
            try
            {
                blocks.Add(Block.Decode(range.Blocks[i]));
            }
            catch (CanonicalDecodingException e)
            {
                Refuse(peer, new SyncRefusal(SyncRefusalReason.Undecodable, range.From + (ulong)i, e.Message));
                return;
            }
        }
        _source = peer;
        foreach (var block in blocks) _pending.Enqueue(block);
        ApplyNext();
    }

    private void ApplyNext()
    {
        if (!_pending.TryPeek(out var block))
        {
            _planner.OnApplied(_tip!.Height);
            _consensus.Tell(new ConsensusDriverProtocol.ChainAdvanced(_tip));
            Context.System.EventStream.Publish(new RangeApplied(_source, _tip));
            Ask();
            return;
        }
        if (SyncedBlockCheck.Check(_tip!, block) is { } refusal)
        {
            if (refusal.Reason == SyncRefusalReason.WrongHeight && block.Height <= _tip!.Height)
            {
                _pending.Dequeue(); // consensus already committed this height: the fork monitor compares it with ours
                Context.System.EventStream.Publish(new Forks.ForkMonitorProtocol.CheckCertifiedBlock(block.Header, block.Commit, $"block sync from {_source}"));
                ApplyNext();
                return;
            }
            _pending.Clear();
            if (refusal.Reason == SyncRefusalReason.BrokenHashLink && _tip is { Height: > 0 } tip && block.Height == tip.Height + 1) ProbeFork(_source, tip.Height);
            Refuse(_source, refusal);
            return;
        }
        _chain.Tell(new ChainStoreProtocol.CommitBlock(block));
    }

    private void OnCommitted(ChainStoreProtocol.BlockCommitted committed)
    {
        if (!_pending.TryPeek(out var block) || block.Height != committed.Block.Height) return;
        _pending.Dequeue();
        _tip = committed.State;
        _applied++;
        ApplyNext();
    }

    private void OnChainRefused(ChainStoreProtocol.BlockRefused refused)
    {
        if (!_pending.TryPeek(out var block) || block.Height != refused.Height) return;
        _pending.Clear();
        if (refused.Reason.Code is LedgerErrorCode.WrongHeight or LedgerErrorCode.WrongPreviousHash)
        {
            // Consensus committed this height meanwhile: not the peer's fault; start again from the chain store's tip.
            _planner.OnSuperseded(_tip!.Height);
            _chain.Tell(ChainStoreProtocol.GetChainTip.Instance);
            return;
        }
        Refuse(_source, new SyncRefusal(SyncRefusalReason.LedgerRuleBroken, refused.Height, refused.Reason.ToString()));
    }

    /// <summary>
    /// The peer's next block does not link to our tip: its chain differs from ours at or below <paramref name="height"/>.
    /// Ask it for its block at our tip's height (a request id below zero, apart from the planner's), which the fork
    /// monitor compares with ours: two valid certificates there are a fork; a forged one is refused by the same rule.
    /// </summary>
    private void ProbeFork(PeerId peer, ulong height)
    {
        if (_wanCut.Isolates(peer.ToString())) return;
        _probed = peer;
        _serverOf(peer).Tell(new GetBlockRange(--_lastProbe, height, 1), Self);
    }

    private void OnProbed(BlockRange range)
    {
        if (range.RequestId != _lastProbe || _probed is not { } peer || FromImpostor(peer)) return; // unasked, superseded or answered already
        _probed = null;
        if (SignatureRefusal(range, peer) is { } unsigned)
        {
            _log.Warning("Block sync refused the answer of {0} to a fork probe: {1}", peer, unsigned);
            Context.System.EventStream.Publish(new PeerAnswerRefused(peer, unsigned));
            return;
        }
        foreach (var encoded in range.Blocks.Take(1))
        {
            try
            {
                var block = Block.Decode(encoded);
                if (block.Height == range.From)
                    Context.System.EventStream.Publish(new Forks.ForkMonitorProtocol.CheckCertifiedBlock(block.Header, block.Commit,
                        $"block sync from {peer}"));
            }
            catch (CanonicalDecodingException e)
            {
                _log.Warning("Block sync: a peer's block at height {0} (asked after its chain did not link to ours) does not decode: {1}", range.From, e.Message);
            }
        }
    }

    private void Refuse(PeerId peer, SyncRefusal refusal)
    {
        _log.Warning("Block sync refused the answer of {0}: {1}; asking another peer", peer, refusal);
        _planner.OnRefused(peer, Now);
        Context.System.EventStream.Publish(new PeerAnswerRefused(peer, refusal));
        Ask();
    }

    private void Serve(GetBlockRange request)
    {
        var replyTo = Sender;
        if (request.Validate() is { } problem)
        {
            _log.Warning("Malformed range request from {0}: {1}", replyTo, problem);
            return;
        }
        int count = Math.Min(request.Count, _settings.MaxRange);
        ChainJournal.ReadRangeAsync(Context.System, _chainId, request.From, count)
            .PipeTo(Self, success: blocks => new RangeRead(BlockRangeSignature.Sign(
                new BlockRange(request.RequestId, request.From, WithinBudget([.. blocks.Select(b => b.Encode())])), _chainId, _nodeKey), replyTo));
    }

    /// <summary>The leading blocks whose total size stays within max-range-bytes (at least one, so a range always advances).</summary>
    private byte[][] WithinBudget(IReadOnlyList<byte[]> blocks)
    {
        long total = 0;
        int count = 0;
        while (count < blocks.Count && (count == 0 || total + blocks[count].Length <= _settings.MaxRangeBytes))
            total += blocks[count++].Length;
        return [.. blocks.Take(count)];
    }
}
