using Akka.Actor;
using Roko.Actors.Consensus;
using Roko.Actors.Ledger;
using Roko.Actors.Persistence;
using Roko.Actors.Primitives;
using Roko.Actors.Propagation;

namespace Roko.Actors.Monitoring;

/// <summary>
/// /user/node/participation, on every node: measures validator_participation as who really took part. For the latest
/// committed block it keeps a <see cref="PrecommitTally"/> — the certificate's signers, then every precommit for that
/// block the overlay delivers afterwards (flooded votes reach every node; those that arrive before the node has journaled
/// the block itself are kept until it has) — and when the next block commits it sets
/// <c>roko_validator_participation_ratio</c> and the missing validators from it: by then every validator that voted in
/// time for the decision has been heard. Holds nothing that needs persisting: a restart starts again at the next commit.
/// </summary>
public sealed class ParticipationWatch : ReceiveActor
{
    private readonly RokoMetrics _metrics;
    private readonly IActorRef _propagator;
    private PrecommitTally? _latest;
    // Precommits for heights this node has not committed yet: most arrive while its own block is still being journaled
    // (its certificate formed a moment before), and count once that block commits. Bounded.
    private readonly List<Vote> _early = [];

    public static Props Props(RokoMetrics metrics, IActorRef propagator) => Akka.Actor.Props.Create(() => new ParticipationWatch(metrics, propagator));

    public ParticipationWatch(RokoMetrics metrics, IActorRef propagator)
    {
        _metrics = metrics;
        _propagator = propagator;
        Receive<ChainStoreProtocol.BlockCommitted>(OnCommitted);
        Receive<BlockPropagatorProtocol.Delivered>(OnVote);
    }

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(ChainStoreProtocol.BlockCommitted));
        _propagator.Tell(new BlockPropagatorProtocol.Subscribe(MessageKind.Vote, Self));
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void OnCommitted(ChainStoreProtocol.BlockCommitted committed)
    {
        if (_latest is { } previous && previous.Height < committed.Block.Height)
        {
            var participation = previous.Participation;
            _metrics.SetValidatorParticipation(participation.Ratio, participation.MissingNames);
        }
        // The state after the block still holds the validator set of the block's own height (two-height rule).
        ulong height = committed.Block.Height;
        if (committed.State.ValidatorsAt(height) is { } validators)
            _latest = _early.Where(v => v.Height == height).Aggregate(PrecommitTally.Of(committed.Block, validators), (tally, vote) => tally.With(vote));
        _early.RemoveAll(v => v.Height <= height);
    }

    private void OnVote(BlockPropagatorProtocol.Delivered delivered)
    {
        Vote vote;
        try
        {
            vote = Vote.Decode(delivered.Payload);
        }
        catch (CanonicalDecodingException)
        {
            return; // consensus reports undecodable votes
        }
        if (vote.Type != VoteType.Precommit) return;
        if (_latest is { } tally && vote.Height == tally.Height) _latest = tally.With(vote);
        else if ((_latest is null || vote.Height > _latest.Height) && _early.Count < CommitCertificate.MaxSignatures) _early.Add(vote);
    }
}
