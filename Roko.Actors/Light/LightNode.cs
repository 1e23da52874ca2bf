using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster.Tools.Client;
using Akka.Event;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.LightClient;
using Roko.Actors.Primitives;
using Address = Roko.Actors.Primitives.Address;
using static Roko.Actors.ClusterAccess.ClusterAccessProtocol;
using static Roko.Actors.Light.LightNodeProtocol;

namespace Roko.Actors.Light;

/// <summary>
/// /user/light: a light node's one actor. It reaches validators only through a ClusterClient with one contact at a
/// time (their /system/receptionist), starts from the newest header in its <see cref="LightHeaderStore"/> or else from
/// the checkpoint, follows the contact's header feed, fetches what it misses from the contact's light-access service
/// and verifies everything with the pure core (<see cref="HeaderCatchUp"/>, <see cref="Checkpoint"/>,
/// <see cref="BalanceCheck"/>). An answer that fails verification is refused with its reason, logged, and the contact
/// is dropped for the next one. Other contacts serve as witnesses (<see cref="LightWitnesses"/>; LightNode.Witnesses.cs):
/// headers are trusted only once the witnesses do not contradict them, and a witness proving headers the primary holds
/// back gets the primary dropped.
/// </summary>
public sealed partial class LightNode : ReceiveActor, IWithTimers
{
    private const string PollTimer = "poll";
    private const string ReconnectTimer = "reconnect";

    private readonly IReadOnlyList<ActorPath> _contacts;
    private readonly Checkpoint _checkpoint;
    private readonly LightHeaderStore _store;
    private readonly LightNodeSettings _settings;
    private readonly Func<NanoMoment> _now;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<ulong, LightBlock> _fetched = [];
    private readonly List<RefusalRecord> _refusals = [];
    private readonly HashSet<int> _failedSinceProgress = [];
    private readonly Stopwatch _sinceStart = Stopwatch.StartNew();
    private TrustedState? _trusted;
    private int _contact;
    private int _generation;
    private IActorRef _client = ActorRefs.Nobody;
    private IActorRef _feed = ActorRefs.Nobody;
    private ulong _target;
    private bool _headKnown;
    private ulong? _asked;
    private bool _inFlight;
    private long _verified;
    private TimeSpan? _followingAfter;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="now">The light node's clock for the trusting period and the future-header rule.</param>
    public static Props Props(IReadOnlyList<ActorPath> contacts, Checkpoint checkpoint, LightHeaderStore store, LightNodeSettings settings,
        Func<NanoMoment> now) =>
        Akka.Actor.Props.Create(() => new LightNode(contacts, checkpoint, store, settings, now));

    public LightNode(IReadOnlyList<ActorPath> contacts, Checkpoint checkpoint, LightHeaderStore store, LightNodeSettings settings, Func<NanoMoment> now)
    {
        if (contacts.Count == 0) throw new ArgumentException("a light node needs at least one contact", nameof(contacts));
        _contacts = contacts;
        _checkpoint = checkpoint;
        _store = store;
        _settings = settings;
        _now = now;

        Receive<HeadersSubscribed>(s =>
        {
            _feed = Sender;
            Learn(s.Height);
        });
        Receive<HeaderFeedFull>(f => _log.Warning("Light node: {0}'s header feed is full ({1} subscribers); polling instead", Contact, f.Limit));
        Receive<CommittedHeader>(OnPushed);
        Receive<Answered>(OnAnswered);
        Receive<Poll>(_ => OnPoll());
        Receive<Reconnect>(_ => Connect());
        Receive<GetLightStatus>(_ => Sender.Tell(Status()));
        Receive<GetBalance>(OnGetBalance);
        Receive<ProofAnswered>(OnProofAnswered);
        Receive<SubmitTransaction>(OnSubmit);
        Receive<LightWitnessesProtocol.CrossChecked>(OnCrossChecked);
        Receive<LightWitnessesProtocol.AheadProven>(OnAheadProven);
        Receive<CrossCheckOverdue>(OnCrossCheckOverdue);
    }

    private string Contact => _contacts[_contact].ToString();

    // Its children are the witnesses and a ClusterClient per contact generation: Akka's default decider, named on purpose
    // (a failed start, a Kill or a dead watched actor stops the child; any other failure restarts it, without limit).
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(Akka.Actor.SupervisorStrategy.DefaultDecider);

    protected override void PreStart()
    {
        if (_store.Latest() is { } latest)
        {
            _trusted = new TrustedState(latest);
            _log.Info("Light node: resuming from verified height {0} ({1}) in {2}", latest.Height, latest.Header.Hash.Short, _store.Path);
        }
        else
        {
            _log.Info("Light node: starting from checkpoint {0}", _checkpoint);
        }
        Timers.StartPeriodicTimer(PollTimer, Poll.Instance, _settings.PollInterval);
        _witnesses = Context.ActorOf(LightWitnesses.Props(_settings, _now), "witnesses");
        Connect();
    }

    /// <summary>Opens a ClusterClient to the current contact, subscribes to its header feed and asks for what is missing.</summary>
    private void Connect()
    {
        if (!_client.IsNobody()) Context.Stop(_client);
        _generation++;
        _inFlight = false;
        _asked = null;
        _feed = ActorRefs.Nobody;
        _fetched.Clear();
        var settings = ClusterClientSettings.Create(Context.System).WithInitialContacts([_contacts[_contact]]);
        _client = Context.ActorOf(ClusterClient.Props(settings), $"client-{_generation}");
        _log.Info("Light node: using contact {0}", Contact);
        ForgetWitnessWork();
        _witnesses.Tell(new LightWitnessesProtocol.UseWitnesses(WitnessPaths()));
        _client.Tell(new ClusterClient.Send(HeaderFeedPath, new SubscribeHeaders(Self), localAffinity: true));
        if (_trusted is null) Request(_checkpoint.Height, 1);
        else Request(_trusted.Height + 1, _settings.MaxRange);
    }

    private void Request(ulong from, int count)
    {
        _inFlight = true;
        _asked = from;
        int generation = _generation;
        _client.Ask<object>(new ClusterClient.Send(LightAccessPath, new GetLightBlocks(from, count), localAffinity: true), _settings.RequestTimeout)
            .PipeTo(Self, success: a => new Answered(generation, a, null), failure: e => new Answered(generation, null, e.GetBaseException().Message));
    }

    private void OnPoll()
    {
        if (_halted is not null) return;
        ProbeWitnesses();
        if (_inFlight || Timers.IsTimerActive(ReconnectTimer)) return;
        if (_feed.IsNobody()) _client.Tell(new ClusterClient.Send(HeaderFeedPath, new SubscribeHeaders(Self), localAffinity: true));
        if (_trusted is null) Request(_checkpoint.Height, 1);
        else Request(_trusted.Height + 1, _settings.MaxRange);
    }

    private void OnAnswered(Answered answered)
    {
        if (answered.Generation != _generation) return; // from a contact already dropped
        _inFlight = false;
        switch (answered.Answer)
        {
            case LightBlocksServed served:
                OnServed(served);
                break;
            case LightRequestRefused refused:
                Drop(new LightRefusal(LightRefusalReason.NoAnswer, $"light-access refused: {refused.Reason}"));
                break;
            case null:
                Drop(new LightRefusal(LightRefusalReason.NoAnswer, $"no answer within {_settings.RequestTimeout}: {answered.Failure}"));
                break;
            default:
                Drop(new LightRefusal(LightRefusalReason.NoAnswer, $"unexpected answer {answered.Answer.GetType().Name}"));
                break;
        }
    }

    private void OnServed(LightBlocksServed served)
    {
        var blocks = new List<LightBlock>(served.Blocks.Length);
        try
        {
            foreach (var b in served.Blocks) blocks.Add(LightBlockEncoding.Decode(b.Header, b.Certificate, b.Validators));
        }
        catch (FormatException e)
        {
            Drop(new LightRefusal(LightRefusalReason.Undecodable, $"block from height {served.From}: {e.Message}"));
            return;
        }
        if (_trusted is null)
        {
            if (blocks.Count == 0)
            {
                Drop(new LightRefusal(LightRefusalReason.MissingBlock, $"no block served for the checkpoint height {_checkpoint.Height} (head {served.Head})"));
                return;
            }
            if (_checkpoint.Check(blocks[0]) is { } refusal)
            {
                Drop(refusal);
                return;
            }
            Trust([blocks[0]]);
            _log.Info("Light node: checkpoint {0} matched, served by {1}", _checkpoint, Contact);
            Learn(served.Head);
            return;
        }
        if (JudgeWithholding(served.Head) is { } withholding)
        {
            Drop(withholding);
            return;
        }
        foreach (var block in blocks) _fetched[block.Height] = block;
        if (_asked is { } asked && !_fetched.ContainsKey(asked) && asked > _trusted.Height)
        {
            if (asked <= served.Head)
            {
                Drop(new LightRefusal(LightRefusalReason.MissingBlock, $"height {asked} not served although the head is {served.Head}"));
                return;
            }
            // Nothing past the verified height yet: this contact's head is where catching up ends for now.
            _target = Math.Max(_trusted.Height, served.Head);
        }
        Learn(served.Head);
    }

    private void OnPushed(CommittedHeader pushed)
    {
        if (!Sender.Equals(_feed) || _trusted is null || pushed.Height <= _trusted.Height) return;
        if (pushed.Height == _trusted.Height + 1 && !_fetched.ContainsKey(pushed.Height))
        {
            try
            {
                var header = BlockHeader.Decode(pushed.Header);
                // The feed carries no validator set: an unchanged one is the trusted set; a new one is fetched with the block.
                if (header.ValidatorSetHash == _trusted.Validators.Hash)
                    _fetched[pushed.Height] = new LightBlock(header, LightBlockEncoding.DecodeCertificate(pushed.Certificate), _trusted.Validators);
            }
            catch (FormatException e)
            {
                Drop(new LightRefusal(LightRefusalReason.Undecodable, $"pushed header {pushed.Height}: {e.Message}"));
                return;
            }
        }
        Learn(pushed.Height);
    }

    /// <summary>A contact reported <paramref name="head"/>: catch up to it unless a request is already out.</summary>
    private void Learn(ulong head)
    {
        _headKnown = true;
        _target = Math.Max(_target, head);
        if (!_inFlight) Advance();
    }

    /// <summary>One catch-up step: trust what verifies, fetch what is missing, or drop the contact on a refusal.</summary>
    private void Advance()
    {
        if (_trusted is null || _halted is not null || _checking) return;
        var step = HeaderCatchUp.Next(_trusted, _target, _fetched, _now(), _settings.Verification, _settings.SequentialGap, _settings.MaxRange);
        // The witnesses see the newest verified header first; the next step is computed again once they agree.
        if (step.Verified.Count > 0 && CrossCheckFirst(step.Verified)) return;
        if (step.Verified.Count > 0) Trust(step.Verified);
        if (step.Refusal is { } refusal)
        {
            Drop(refusal);
            return;
        }
        if (step.Need is { } need)
        {
            Request(need, step.NeedCount);
            return;
        }
        if (_headKnown && _trusted.Height >= _target && _followingAfter is null)
        {
            _followingAfter = _sinceStart.Elapsed;
            _log.Info("Light node: following the chain at height {0}, {1:F1} s after start", _trusted.Height, _followingAfter.Value.TotalSeconds);
        }
    }

    /// <summary>Persists verified blocks before trusting the newest of them.</summary>
    private void Trust(IReadOnlyList<LightBlock> verified)
    {
        _store.Save(verified);
        _trusted = new TrustedState(verified[^1]);
        _verified += verified.Count;
        _failedSinceProgress.Clear();
        foreach (var height in _fetched.Keys.Where(h => h <= _trusted.Height).ToList()) _fetched.Remove(height);
        Context.System.EventStream.Publish(new HeadersVerified(_trusted.Height, _trusted.Header.Hash, Math.Max(_target, _trusted.Height)));
    }

    /// <summary>Refuses what the current contact served, logs it, and moves to the next contact.</summary>
    private void Drop(LightRefusal refusal)
    {
        _log.Warning("Light node: refused {0} from {1}; dropping that contact", refusal, Contact);
        RecordRefusal(refusal);
        _failedSinceProgress.Add(_contact);
        _contact = (_contact + 1) % _contacts.Count;
        if (!_client.IsNobody()) Context.Stop(_client);
        _client = ActorRefs.Nobody;
        _generation++;
        _inFlight = false;
        _fetched.Clear();
        ForgetWitnessWork();
        if (_failedSinceProgress.Count >= _contacts.Count)
        {
            _failedSinceProgress.Clear();
            Timers.StartSingleTimer(ReconnectTimer, Reconnect.Instance, _settings.RetryDelay);
        }
        else
        {
            Connect();
        }
    }

    private void RecordRefusal(LightRefusal refusal)
    {
        _refusals.Add(new RefusalRecord(Contact, DateTime.UtcNow, refusal));
        if (_refusals.Count > _settings.RefusalsKept) _refusals.RemoveAt(0);
    }

    private CurrentLightStatus Status() =>
        new(_trusted?.Height ?? 0, _trusted?.Header.Hash, Math.Max(_target, _trusted?.Height ?? 0), Contact,
            _headKnown && _trusted is { } t && t.Height >= _target, _followingAfter, _verified, [.. _refusals],
            _witnessChecks, _witnessAgreements, _store.ConflictCount, _halted);

    private void OnGetBalance(GetBalance query)
    {
        if (_trusted is not { } trusted || _client.IsNobody())
        {
            Sender.Tell(new BalanceRefused(query.Account, _trusted is null ? "no verified header yet" : "no contact connected; try again"));
            return;
        }
        var asker = Sender;
        int generation = _generation;
        var at = trusted.Header;
        _client.Ask<object>(new ClusterClient.Send(LightAccessPath, new GetAccountProof(query.Account.ToString(), at.Height), localAffinity: true),
                _settings.RequestTimeout)
            .PipeTo(Self, success: a => new ProofAnswered(generation, asker, query.Account, at, a, null),
                failure: e => new ProofAnswered(generation, asker, query.Account, at, null, e.GetBaseException().Message));
    }

    private void OnProofAnswered(ProofAnswered answered)
    {
        switch (answered.Answer)
        {
            case AccountProofServed served:
                if (Verify(answered, served) is { } problem)
                {
                    answered.Asker.Tell(new BalanceRefused(answered.Account, problem));
                    if (answered.Generation == _generation) Drop(new LightRefusal(LightRefusalReason.BadProof, problem));
                    return;
                }
                var balance = new Amount(UInt128.Parse(served.BalanceBaseUnits, System.Globalization.CultureInfo.InvariantCulture));
                answered.Asker.Tell(new BalanceVerified(answered.Account, balance, answered.At.Height, answered.At.StateRoot));
                break;
            case LightRequestRefused refused:
                answered.Asker.Tell(new BalanceRefused(answered.Account, $"the contact cannot prove it: {refused.Reason}"));
                break;
            default:
                answered.Asker.Tell(new BalanceRefused(answered.Account, $"no answer within {_settings.RequestTimeout}: {answered.Failure}"));
                break;
        }
    }

    private static string? Verify(ProofAnswered answered, AccountProofServed served)
    {
        if (served.Height != answered.At.Height)
            return $"proof is for height {served.Height}, asked for verified height {answered.At.Height}";
        if (!Address.TryParse(served.Address, out var address, out var error)) return $"proof address '{served.Address}': {error}";
        if (!UInt128.TryParse(served.BalanceBaseUnits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var units))
            return $"balance '{served.BalanceBaseUnits}' is not a whole number of base units";
        SparseMerkleProof proof;
        try
        {
            proof = SparseMerkleProof.Decode(served.Proof);
        }
        catch (FormatException e)
        {
            return $"proof does not decode: {e.Message}";
        }
        return BalanceCheck.Verify(answered.At, answered.Account, new AccountProof(address, new Amount(units), proof));
    }

    private void OnSubmit(SubmitTransaction submit)
    {
        var tx = submit.Transaction;
        string id = tx.Id.ToString();
        if (_client.IsNobody())
        {
            Sender.Tell(new TransactionRefused(id, "no-contact", "no contact connected; try again"));
            return;
        }
        _client.Ask<object>(new ClusterClient.Send(TransactionSubmissionPath, new SubmitEncodedTransaction(tx.Encode()), localAffinity: true),
                _settings.RequestTimeout)
            .PipeTo(Sender, failure: e => new TransactionRefused(id, "timeout", $"no answer within {_settings.RequestTimeout}: {e.GetBaseException().Message}"));
    }

    protected override void PostStop()
    {
        if (!_feed.IsNobody() && !_client.IsNobody())
            _client.Tell(new ClusterClient.Send(HeaderFeedPath, new UnsubscribeHeaders(Self), localAffinity: true));
    }
}
