using Akka.Actor;
using Akka.Event;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;
using static Roko.Actors.Mempool.MempoolProtocol;

namespace Roko.Actors.Consensus;

/// <summary>
/// /user/node/evidence (validators): turns the double signing its rounds detect (<see cref="ConsensusDriverProtocol.EvidenceDetected"/>
/// on the event stream) into an evidence transaction signed with the node key and submits it to the mempool, which
/// gossips it like any transaction; proposers include it, and the block that commits it slashes the offender
/// (docs/consensus.md §Evidence). One report per offender: a slashed key is tombstoned, so any further report could
/// only be left out. A report the mempool refuses is forgotten, so the next detection tries again.
/// </summary>
public sealed class EvidenceReporterActor : ReceiveActor
{
    private readonly SigningKey _key;
    private readonly string _chainId;
    private readonly IClock _clock;
    private readonly IActorRef _mempool;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<PublicKey> _reported = [];
    private readonly Dictionary<Hash32, PublicKey> _pending = [];

    public static Props Props(SigningKey key, string chainId, IClock clock, IActorRef mempool) =>
        Akka.Actor.Props.Create(() => new EvidenceReporterActor(key, chainId, clock, mempool));

    public EvidenceReporterActor(SigningKey key, string chainId, IClock clock, IActorRef mempool)
    {
        _key = key;
        _chainId = chainId;
        _clock = clock;
        _mempool = mempool;

        Receive<ConsensusDriverProtocol.EvidenceDetected>(OnDetected);
        Receive<TransactionAccepted>(accepted =>
        {
            if (_pending.Remove(accepted.Id, out var offender))
                _log.Info("Evidence against {0} is in the mempool as transaction {1}", offender.Bytes.Short, accepted.Id.Short);
        });
        Receive<TransactionRejected>(rejected =>
        {
            if (!_pending.Remove(rejected.Id, out var offender)) return;
            _reported.Remove(offender);
            _log.Warning("Evidence transaction {0} against {1} was refused: {2} {3}", rejected.Id.Short, offender.Bytes.Short, rejected.Code, rejected.Reason);
        });
    }

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(ConsensusDriverProtocol.EvidenceDetected));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void OnDetected(ConsensusDriverProtocol.EvidenceDetected detected)
    {
        var evidence = detected.Evidence;
        if (evidence.First.ChainId != _chainId || !_reported.Add(evidence.Validator)) return;
        var tx = Transaction.Create(_chainId, _key, _clock.Estimate(), new EvidencePayload(evidence));
        _pending[tx.Id] = evidence.Validator;
        _log.Warning("Reporting double signing by {0} at height {1} round {2} in transaction {3}",
            evidence.Validator.Bytes.Short, evidence.Height, evidence.First.Round, tx.Id.Short);
        _mempool.Tell(new SubmitTransaction(tx));
    }
}
