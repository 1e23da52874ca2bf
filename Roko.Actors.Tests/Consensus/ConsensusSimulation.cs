using System.Collections.Immutable;
using System.Text;
using Roko.Actors.Consensus;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Persistence;
using Roko.Actors.Primitives;

namespace Roko.Actors.Tests.Consensus;

/// <summary>
/// A deterministic discrete-event network of consensus state machines driven by one seed: random stakes, up to f
/// equivocating validators, random delays, drops and duplicates until the global stabilisation time (GST); from GST
/// on no message is lost, delays are bounded, and everything broadcast before GST is delivered again (as gossip
/// catch-up would). Every input of every node is recorded with its virtual time so a failing seed can be replayed.
/// With a signing-record file, each validator keeps its record in the production store on it, carried out in effect
/// order as ConsensusRound does; with crashes on, honest validators also crash (ConsensusSimulation.Crashes.cs).
/// </summary>
internal sealed partial class ConsensusSimulation : IDisposable
{
    public const string ChainId = "roko-sim";
    public const ulong TargetHeight = 2;
    private const long Millisecond = 1_000_000;
    private const long Epoch = 1_800_000_000L * NanoMoment.NanosPerSecond;
    private const long MaxDelayBeforeGst = 400 * Millisecond;
    private const long MaxDelayAfterGst = 50 * Millisecond;
    private const long MaxClockOffset = 2 * Millisecond;
    private const long ClockHalfWidth = 3 * Millisecond;
    private const long LivenessWindowAfterGst = 60_000 * Millisecond;
    private const int MaxEvents = 400_000;
    private const double DropBeforeGst = 0.3;
    private const double Duplicate = 0.1;
    private const double Equivocate = 0.5;
    private static readonly Hash32 InvalidMarker = Sha256.HashTagged("sim/invalid", [1]);

    public static ConsensusSettings Settings { get; } = new(
        TimeoutPropose: TimeSpan.FromMilliseconds(200), TimeoutProposeDelta: TimeSpan.FromMilliseconds(50),
        TimeoutPrevote: TimeSpan.FromMilliseconds(100), TimeoutPrevoteDelta: TimeSpan.FromMilliseconds(50),
        TimeoutPrecommit: TimeSpan.FromMilliseconds(100), TimeoutPrecommitDelta: TimeSpan.FromMilliseconds(50),
        Precision: TimeSpan.FromMilliseconds(20), MessageDelay: TimeSpan.FromMilliseconds(100),
        InclusionDelay: TimeSpan.FromMilliseconds(5))
    {
        Supervision = Roko.Actors.Supervision.SupervisionSettings.Create(Roko.Actors.Nodes.RokoConfig.Defaults),
        MessageDelayGrowth = ConsensusSettings.Create(Roko.Actors.Nodes.RokoConfig.Defaults).MessageDelayGrowth,
        ProposalMaxTransactions = ConsensusSettings.Create(Roko.Actors.Nodes.RokoConfig.Defaults).ProposalMaxTransactions,
        CatchUpHeights = ConsensusSettings.Create(Roko.Actors.Nodes.RokoConfig.Defaults).CatchUpHeights,
        BlockInterval = ConsensusSettings.Create(Roko.Actors.Nodes.RokoConfig.Defaults).BlockInterval,
        ResendInterval = ConsensusSettings.Create(Roko.Actors.Nodes.RokoConfig.Defaults).ResendInterval,
    };

    private readonly Random _random;
    private readonly PriorityQueue<Action, (long Time, long Sequence)> _events = new();
    private readonly List<(int From, object Message)> _broadcastBeforeGst = [];
    private readonly Node[] _nodes;
    private long _now;
    private long _sequence;
    private bool _gstPassed;

    private readonly SignedBySimulatedNodes _signatures = new();
    private readonly SqlSigningRecordStore? _records;

    /// <param name="recordFile">
    /// SQLite file for the validators' signing records (the production store); null: none kept, so a crashed validator
    /// restarts from nothing, as before the signing record existed (to see the bug it prevents).
    /// </param>
    /// <param name="crashes">Honest validators crash at random effect boundaries before GST and restart (from the store).</param>
    /// <param name="shape">How many validators and how late GST may come (default: <see cref="SimulationShape.Default"/>).</param>
    public ConsensusSimulation(int seed, string? recordFile = null, bool crashes = false, SimulationShape? shape = null)
    {
        shape ??= SimulationShape.Default;
        Seed = seed;
        _random = new Random(seed);
        _records = recordFile is null ? null : SqlSigningRecordStore.Sqlite(recordFile);
        int count = _random.Next(shape.MinValidators, shape.MaxValidators + 1);
        var stakes = Enumerable.Range(0, count).Select(_ => (ulong)_random.Next(32_000, 100_001)).ToArray();
        var keys = Enumerable.Range(0, count).Select(i => ConsensusFixture.Key($"sim-validator-{i}")).ToArray();
        Validators = new ValidatorSet(keys.Select((k, i) => new Validator(k.PublicKey, Amount.FromRoko(stakes[i]), "na")));
        var byzantine = ChooseByzantine(stakes);
        Gst = _random.NextInt64(0, (long)shape.MaxGst.TotalMilliseconds * Millisecond);
        _nodes = [.. keys.Select((k, i) => new Node(i, k, byzantine.Contains(i), _random.NextInt64(-MaxClockOffset, MaxClockOffset + 1),
            new ConsensusMachine(ChainId, k, Settings, _signatures)) { Store = _records })];
        if (crashes) _crashesLeft = _random.Next(0, MaxCrashes + 1);
    }

    public int Seed { get; }
    public long Gst { get; }
    public ValidatorSet Validators { get; }
    public IReadOnlyList<Node> Nodes => _nodes;
    public IEnumerable<Node> Honest => _nodes.Where(n => !n.Byzantine);

    private HashSet<int> ChooseByzantine(ulong[] stakes)
    {
        int maxFaulty = (stakes.Length - 1) / 3;
        var chosen = Enumerable.Range(0, stakes.Length).OrderBy(_ => _random.Next()).Take(_random.Next(0, maxFaulty + 1)).ToList();
        while (chosen.Count > 0 && chosen.Sum(i => (double)stakes[i]) * 3 >= stakes.Sum(s => (double)s))
            chosen.RemoveAt(chosen.Count - 1);
        return [.. chosen];
    }

    public void Run()
    {
        foreach (var node in _nodes) At(0, () => StartHeight(node, 1));
        At(Gst, RedeliverAtGst);
        int processed = 0;
        while (_events.TryDequeue(out var action, out var when) && processed++ < MaxEvents)
        {
            if (when.Time > Gst + LivenessWindowAfterGst || Honest.All(n => n.Commits.ContainsKey(TargetHeight))) break;
            _now = when.Time;
            action();
        }
    }

    private static string? Validate(ProposedBlock block, ulong height) =>
        block.Header.StateRoot == InvalidMarker ? "state root does not match" : block.Height != height ? "wrong height" : null;

    private void At(long time, Action action) => _events.Enqueue(action, (time, _sequence++));

    private NanoInterval ClockOf(Node node) => NanoInterval.Around(new NanoMoment(Epoch + _now + node.ClockOffset), ClockHalfWidth);

    /// <summary>Starts <paramref name="height"/> with the signing record read from the node's store, as ConsensusRound does.</summary>
    private void StartHeight(Node node, ulong height) =>
        Feed(node, new ConsensusInput.StartHeight(height, Validators, block => Validate(block, height), node.Store?.Load(ChainId, node.Key.PublicKey)));

    /// <summary>Feeds an input and carries out its effects in order; a crash may cut them off at any boundary.</summary>
    private void Feed(Node node, ConsensusInput input)
    {
        if (node.Down) return;
        var clock = ClockOf(node);
        node.Log.Add(new LoggedInput(_now, clock, input));
        var effects = node.Machine.Handle(input, clock);
        int crashAt = ChooseCrash(node, effects);
        for (int i = 0; i < effects.Count; i++)
        {
            if (i == crashAt) break;
            Carry(node, effects[i]);
        }
        if (crashAt >= 0) Crash(node);
    }

    /// <summary>A timer or an answer of this node's own shell: lost if the node crashed since it was set.</summary>
    private void AtOwn(Node node, long time, Action action)
    {
        int incarnation = node.Incarnation;
        At(time, () => { if (node.Incarnation == incarnation) action(); });
    }

    private void Carry(Node node, ConsensusEffect effect)
    {
        switch (effect)
        {
            case ConsensusEffect.RecordSigning r: node.Store?.Save(r.Record); break;
            case ConsensusEffect.SigningRefused f: node.Refusals.Add($"{f.Step} h{f.Height} r{f.Round}: {f.Reason} {f.Detail}"); break;
            case ConsensusEffect.BroadcastVote b when node.Byzantine: EquivocateVote(node, b.Vote); break;
            case ConsensusEffect.BroadcastVote b:
                if (TrackSigned(node, SigningRecord.StepOf(b.Vote.Type), b.Vote.Height, b.Vote.Round, b.Vote.Signature)) _signatures.Signed(b.Vote);
                Broadcast(node, b.Vote, _ => true);
                break;
            case ConsensusEffect.BroadcastProposal p when node.Byzantine: EquivocateProposal(node, p.Proposal); break;
            case ConsensusEffect.BroadcastProposal p:
                if (TrackSigned(node, ConsensusStep.Propose, p.Proposal.Height, p.Proposal.Round, p.Proposal.Signature)) _signatures.Signed(p.Proposal);
                Broadcast(node, p.Proposal, _ => true);
                break;
            case ConsensusEffect.ScheduleTimeout t:
                AtOwn(node, _now + Nanoseconds.FromTimeSpan(t.Duration), () => Feed(node, new ConsensusInput.TimeoutFired(t.Height, t.Round, t.Step)));
                break;
            case ConsensusEffect.ProposeBlock p:
                AtOwn(node, _now, () => Feed(node, new ConsensusInput.ProposalReady(p.Height, p.Round, MakeBlock(node, p.Height, p.Round, valid: true))));
                break;
            case ConsensusEffect.CommitBlock c:
                node.Commits[c.Block.Height] = c;
                Broadcast(node, c.Proposal, _ => true);
                foreach (var precommit in c.CertificateVotes) Broadcast(node, precommit, _ => true);
                if (c.Block.Height < TargetHeight)
                {
                    ulong next = c.Block.Height + 1;
                    AtOwn(node, _now + Millisecond, () => StartHeight(node, next));
                }
                break;
            case ConsensusEffect.EvidenceFound e:
                node.Evidence.Add(e.Evidence);
                break;
        }
    }

    private ProposedBlock MakeBlock(Node node, ulong height, uint round, bool valid)
    {
        var time = ClockOf(node).Midpoint!.Value; // simulated clocks are always bounded
        var stateRoot = valid ? Sha256.HashTagged("sim/block", Encoding.UTF8.GetBytes($"{Seed}/{node.Index}/{height}/{round}/{_sequence++}")) : InvalidMarker;
        return new ProposedBlock(new BlockHeader(ChainId, height, Hash32.Zero, time.AddNanoseconds(-Nanoseconds.FromTimeSpan(Settings.InclusionDelay)), time,
            node.Key.PublicKey, Block.TransactionRoot([]), stateRoot, Validators.Hash), ImmutableArray<Transaction>.Empty);
    }

    private void EquivocateVote(Node node, Vote vote)
    {
        _signatures.Signed(vote);
        if (_random.NextDouble() >= Equivocate) { Broadcast(node, vote, _ => true); return; }
        var other = vote.BlockHash.IsZero ? MakeBlock(node, vote.Height, vote.Round, valid: true).Hash : Hash32.Zero;
        var conflicting = Vote.Create(vote.Type, vote.ChainId, vote.Height, vote.Round, other, vote.Clock, node.Key);
        _signatures.Signed(conflicting);
        var half = _nodes.Where(_ => _random.Next(2) == 0).Select(n => n.Index).ToHashSet();
        Broadcast(node, vote, n => half.Contains(n));
        Broadcast(node, conflicting, n => !half.Contains(n));
    }

    private void EquivocateProposal(Node node, Proposal proposal)
    {
        _signatures.Signed(proposal);
        if (_random.NextDouble() >= Equivocate) { Broadcast(node, proposal, _ => true); return; }
        var otherBlock = MakeBlock(node, proposal.Height, proposal.Round, valid: _random.Next(2) == 0);
        var other = Proposal.Create(ChainId, proposal.Height, proposal.Round, Proposal.NoPolRound, otherBlock, node.Key);
        _signatures.Signed(other);
        var half = _nodes.Where(_ => _random.Next(2) == 0).Select(n => n.Index).ToHashSet();
        Broadcast(node, proposal, n => half.Contains(n));
        Broadcast(node, other, n => !half.Contains(n));
    }

    private void Broadcast(Node from, object message, Func<int, bool> to)
    {
        if (!_gstPassed) _broadcastBeforeGst.Add((from.Index, message));
        foreach (var node in _nodes.Where(n => to(n.Index)))
        {
            if (node == from) continue;
            if (!_gstPassed && _random.NextDouble() < DropBeforeGst) continue;
            int copies = _random.NextDouble() < Duplicate ? 2 : 1;
            for (int i = 0; i < copies; i++) At(_now + Delay(), () => Deliver(node, message));
        }
    }

    private long Delay() => _gstPassed ? _random.NextInt64(Millisecond, MaxDelayAfterGst + 1) : _random.NextInt64(0, MaxDelayBeforeGst + 1);

    /// <summary>
    /// Delivers a message; after GST an honest node relays what it hears for the first time, which gives the paper's
    /// gossip property (what one correct node receives, all correct nodes receive within a bounded delay).
    /// </summary>
    private void Deliver(Node node, object message)
    {
        if (node.Down) return; // lost: nobody was listening
        if (_gstPassed && !node.Byzantine && node.Relayed.Add(message)) Broadcast(node, message, _ => true);
        Process(node, message);
    }

    private void Process(Node node, object message) => Feed(node, message switch
    {
        Vote vote => new ConsensusInput.VoteReceived(vote),
        Proposal proposal => new ConsensusInput.ProposalReceived(proposal, ClockOf(node)),
        _ => throw new ArgumentException($"unknown message {message}"),
    });

    private void RedeliverAtGst()
    {
        _gstPassed = true;
        foreach (var (from, message) in _broadcastBeforeGst)
            foreach (var node in _nodes.Where(n => n.Index != from))
                At(_now + Delay(), () => Deliver(node, message));
    }

    public string Describe(int logTail)
    {
        var text = new StringBuilder();
        text.AppendLine($"seed {Seed}: {_nodes.Length} validators, GST at {Gst / Millisecond} ms, byzantine [{string.Join(",", _nodes.Where(n => n.Byzantine).Select(n => n.Index))}]" +
                        $"{(_records is null ? "" : ", signing records kept")}, crashes: {Describe(Crashes)}");
        foreach (var node in _nodes)
        {
            text.AppendLine($"node {node.Index} stake {Validators.Find(node.Key.PublicKey)!.Stake} byzantine={node.Byzantine} crashes {node.Crashes} height {node.Machine.Height} round {node.Machine.Round} step {node.Machine.Step} commits [{string.Join(", ", node.Commits.Select(c => $"{c.Key}:{c.Value.Block.Hash.Short}@r{c.Value.Certificate.Round}"))}]");
            foreach (var refusal in node.Refusals) text.AppendLine($"  refused: {refusal}");
            foreach (var entry in node.Log.TakeLast(logTail)) text.AppendLine($"  {entry}");
        }
        text.AppendLine($"replay: ROKO_CONSENSUS_SEED={Seed} dotnet test Roko.Actors.Tests --filter \"FullyQualifiedName~ConsensusSafetyProperties.Replay\"");
        return text.ToString();
    }

    /// <summary>One input as a node's machine got it; a crash is logged as an entry without input.</summary>
    internal sealed record LoggedInput(long VirtualTime, NanoInterval Clock, ConsensusInput? Input)
    {
        public override string ToString() => $"{VirtualTime / Millisecond,6} ms {Describe(Input)}";

        private static string Describe(ConsensusInput? input) => input switch
        {
            null => "CRASH: everything in memory lost",
            ConsensusInput.VoteReceived v => $"vote {v.Vote.Type} h{v.Vote.Height} r{v.Vote.Round} {(v.Vote.BlockHash.IsZero ? "nil" : v.Vote.BlockHash.Short)} from {v.Vote.Validator.Bytes.Short}",
            ConsensusInput.ProposalReceived p => $"proposal h{p.Proposal.Height} r{p.Proposal.Round} pol {p.Proposal.PolRound} {p.Proposal.Block.Hash.Short} from {p.Proposal.Proposer.Bytes.Short}",
            ConsensusInput.ProposalReady r => $"ready h{r.Height} r{r.Round} {r.Block.Hash.Short}",
            ConsensusInput.TimeoutFired t => $"timeout {t.Step} h{t.Height} r{t.Round}",
            ConsensusInput.StartHeight s => $"start height {s.Height}{(s.Record is { } r && r.Height == s.Height ? $" from the signing record at {r.Position}" : "")}",
            _ => input.ToString(),
        };
    }

    internal sealed class Node(int index, SigningKey key, bool byzantine, long clockOffset, ConsensusMachine machine)
    {
        public int Index { get; } = index;
        public SigningKey Key { get; } = key;
        public bool Byzantine { get; } = byzantine;
        public long ClockOffset { get; } = clockOffset;
        /// <summary>The running machine; a crash replaces it with a fresh one.</summary>
        public ConsensusMachine Machine { get; set; } = machine;
        /// <summary>The signing-record store as the node reaches it (null without one, or while crashed).</summary>
        public SqlSigningRecordStore? Store { get; set; }
        public bool Down { get; set; }
        /// <summary>Bumped by every crash: timers and answers set by an earlier incarnation are dropped.</summary>
        public int Incarnation { get; set; }
        public int Crashes { get; set; }
        public List<string> Refusals { get; } = [];
        /// <summary>Committed blocks: the journal, which survives crashes (a commit not yet carried out when it crashed is lost).</summary>
        public Dictionary<ulong, ConsensusEffect.CommitBlock> Commits { get; } = [];
        public List<DuplicateVoteEvidence> Evidence { get; } = [];
        public List<LoggedInput> Log { get; } = [];
        public HashSet<object> Relayed { get; } = [];
    }

    /// <summary>The size of a schedule: validators drawn from [min, max], GST drawn from [0, max GST).</summary>
    internal sealed record SimulationShape(int MinValidators, int MaxValidators, TimeSpan MaxGst)
    {
        public static SimulationShape Default { get; } = new(4, 7, TimeSpan.FromSeconds(3));
    }

    /// <summary>
    /// The network's signature check: a message is valid when a node of this schedule signed exactly that message. Every
    /// message here is signed with a node's real key (Vote.Create, Proposal.Create) and registered when it is first sent,
    /// so this answers as Ed25519 verification would without verifying each one again (which made up much of a schedule's
    /// cost): a message altered on its way — say through a signing record's encoding — is refused like a forged one.
    /// Recorded_inputs_should_reproduce… replays a node's log through real verification.
    /// </summary>
    private sealed class SignedBySimulatedNodes : IConsensusSignatureCheck
    {
        private readonly HashSet<Vote> _votes = [];
        private readonly HashSet<(string, ulong, uint, int, Hash32, PublicKey, Signature)> _proposals = [];

        public void Signed(Vote vote) => _votes.Add(vote);
        public void Signed(Proposal proposal) => _proposals.Add(Key(proposal));

        public bool IsValid(Vote vote) => _votes.Contains(vote);
        public bool IsValid(Proposal proposal) => _proposals.Contains(Key(proposal));

        private static (string, ulong, uint, int, Hash32, PublicKey, Signature) Key(Proposal p) =>
            (p.ChainId, p.Height, p.Round, p.PolRound, p.Block.Hash, p.Proposer, p.Signature);
    }
}
