using Akka.Actor;
using Akka.Event;
using Roko.Actors.Ledger;
using Roko.Actors.LightClient;
using Roko.Actors.Network;
using Roko.Actors.Persistence;
using Roko.Actors.Primitives;
using Address = Roko.Actors.Primitives.Address;
using Roko.Actors.Sync;
using static Roko.Actors.ClusterAccess.ClusterAccessProtocol;

namespace Roko.Actors.ClusterAccess;

/// <summary>
/// /user/node/light-access on validators, registered with the ClusterClientReceptionist: serves light nodes the
/// committed blocks of a height range as light blocks (header, commit certificate, the validator set of that height,
/// read from the local journal) and account proofs against the state of one of the last <c>proof-heights</c> heights.
/// It follows the chain from the event stream; it verifies nothing for the client — the client does. Conflicting blocks a
/// light node reports go to the fork monitor. Every request passes the node's guard first
/// (<see cref="ClusterClientAdmission"/>): the excess is answered <see cref="LightRequestRefused"/> (reason starting
/// <c>rate-limited</c>), except conflict reports, which are never answered and are dropped.
/// </summary>
public sealed class LightAccess : ReceiveActor
{
    private readonly ClusterAccessSettings _settings;
    private readonly ClusterClientAdmission _admission;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly SortedDictionary<ulong, LedgerState> _recent = [];
    private LedgerState? _tip;

    /// <param name="guard">The node's guard (null: requests are not metered).</param>
    public static Props Props(IActorRef chain, ClusterAccessSettings settings, NodeGuard? guard) =>
        Akka.Actor.Props.Create(() => new LightAccess(chain, settings, guard));

    public LightAccess(IActorRef chain, ClusterAccessSettings settings, NodeGuard? guard)
    {
        _settings = settings;
        _admission = new ClusterClientAdmission(guard);
        chain.Tell(ChainStoreProtocol.GetChainTip.Instance);
        Receive<ChainStoreProtocol.CurrentChainTip>(t => Remember(t.State));
        Receive<ChainStoreProtocol.BlockCommitted>(c => Remember(c.State));
        Receive<GetLightBlocks>(request =>
        {
            if (_admission.Admit(Sender, Refusal)) Serve(request);
        });
        Receive<GetAccountProof>(request =>
        {
            if (_admission.Admit(Sender, Refusal)) Prove(request);
        });
        Receive<ReportConflictingBlocks>(report =>
        {
            if (_admission.Admit(Sender, refusal: null)) OnConflictReported(report);
        });
        Receive<Served>(s => s.ReplyTo.Tell(s.Answer));
        Receive<Status.Failure>(f => _log.Warning("Reading blocks for a light node failed: {0}", f.Cause.Message));
    }

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(ChainStoreProtocol.BlockCommitted));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private static LightRequestRefused Refusal(string why) => new(why);

    private void Remember(LedgerState state)
    {
        if (_tip is null || state.Height > _tip.Height) _tip = state;
        _recent[state.Height] = state;
        while (_recent.Count > _settings.ProofHeights) _recent.Remove(_recent.Keys.First());
    }

    private void Serve(GetLightBlocks request)
    {
        var replyTo = Sender;
        if (request.Validate() is { } problem)
        {
            replyTo.Tell(new LightRequestRefused(problem));
            return;
        }
        if (_tip is not { } tip)
        {
            replyTo.Tell(new LightRequestRefused("this validator has not loaded its chain yet"));
            return;
        }
        if (request.From > tip.Height)
        {
            replyTo.Tell(new LightBlocksServed(request.From, tip.Height, []));
            return;
        }
        long count = (long)Math.Min((ulong)Math.Min(request.Count, _settings.MaxLightBlocks), tip.Height - request.From + 1);
        ChainJournal.ReadRangeAsync(Context.System, tip.ChainId, request.From, count)
            .PipeTo(Self, success: blocks => new Served(new LightBlocksServed(request.From, tip.Height, Encode(tip, request.From, blocks)), replyTo));
    }

    /// <summary>Consecutive blocks from <paramref name="from"/> whose validator set the tip's history still holds.</summary>
    private static EncodedLightBlock[] Encode(LedgerState tip, ulong from, IReadOnlyList<Block> blocks)
    {
        var served = new List<EncodedLightBlock>(blocks.Count);
        ulong expected = from;
        foreach (var block in blocks)
        {
            if (block.Height != expected || tip.ValidatorsAt(block.Height) is not { } validators) break;
            served.Add(new EncodedLightBlock(block.Header.Encode(), LightBlockEncoding.EncodeCertificate(block.Commit),
                LightBlockEncoding.EncodeValidators(validators)));
            expected++;
        }
        return [.. served];
    }

    private void Prove(GetAccountProof request)
    {
        if (!Address.TryParse(request.Address, out var address, out var error))
        {
            Sender.Tell(new LightRequestRefused($"address: '{request.Address}': {error}"));
            return;
        }
        if (!_recent.TryGetValue(request.Height, out var state))
        {
            Sender.Tell(new LightRequestRefused(_recent.Count == 0
                ? "height: this validator has not loaded its chain yet"
                : $"height: {request.Height} is not among the states held ({_recent.Keys.First()}..{_recent.Keys.Last()})"));
            return;
        }
        var proof = state.ProveAccount(address);
        Sender.Tell(new AccountProofServed(request.Height, address.ToString(), proof.Balance.BaseUnits.ToString(), proof.Proof.Encode()));
    }

    /// <summary>A light node's witness found two certified headers at one height: each goes to the fork monitor.</summary>
    private void OnConflictReported(ReportConflictingBlocks report)
    {
        const string source = "a light node's witness check (reported to light-access)";
        foreach (var reported in new[] { report.First, report.Second })
        {
            try
            {
                var header = BlockHeader.Decode(reported.Header);
                var commit = LightBlockEncoding.DecodeCertificate(reported.Certificate);
                Context.System.EventStream.Publish(new Forks.ForkMonitorProtocol.CheckCertifiedBlock(header, commit, source));
            }
            catch (CanonicalDecodingException e)
            {
                _log.Warning("A conflict report from {0} does not decode: {1}", Sender.Path.Address, e.Message);
            }
        }
    }

    /// <summary>Blocks read from the journal for a light node, piped back before answering it.</summary>
    private sealed record Served(object Answer, IActorRef ReplyTo);
}
