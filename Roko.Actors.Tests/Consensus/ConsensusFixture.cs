using System.Collections.Immutable;
using Roko.Actors.Consensus;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Tests.Consensus;

/// <summary>Validators, blocks, votes and a machine for consensus unit tests; everything deterministic.</summary>
internal sealed class ConsensusFixture
{
    public const string ChainId = "roko-test";
    public static readonly NanoMoment T0 = NanoMoment.FromUnixSeconds(1_800_000_000);
    public static readonly NanoInterval Now = NanoInterval.Around(T0, 1_000_000);

    public static ConsensusSettings Settings { get; } = new(
        TimeoutPropose: TimeSpan.FromSeconds(1), TimeoutProposeDelta: TimeSpan.FromMilliseconds(250),
        TimeoutPrevote: TimeSpan.FromMilliseconds(500), TimeoutPrevoteDelta: TimeSpan.FromMilliseconds(250),
        TimeoutPrecommit: TimeSpan.FromMilliseconds(500), TimeoutPrecommitDelta: TimeSpan.FromMilliseconds(250),
        Precision: TimeSpan.FromMilliseconds(100), MessageDelay: TimeSpan.FromSeconds(1),
        InclusionDelay: TimeSpan.FromMilliseconds(50))
    {
        Supervision = Roko.Actors.Supervision.SupervisionSettings.Create(Roko.Actors.Nodes.RokoConfig.Defaults),
        MessageDelayGrowth = ConsensusSettings.Create(Roko.Actors.Nodes.RokoConfig.Defaults).MessageDelayGrowth,
        ProposalMaxTransactions = ConsensusSettings.Create(Roko.Actors.Nodes.RokoConfig.Defaults).ProposalMaxTransactions,
        CatchUpHeights = ConsensusSettings.Create(Roko.Actors.Nodes.RokoConfig.Defaults).CatchUpHeights,
        BlockInterval = ConsensusSettings.Create(Roko.Actors.Nodes.RokoConfig.Defaults).BlockInterval,
        ResendInterval = ConsensusSettings.Create(Roko.Actors.Nodes.RokoConfig.Defaults).ResendInterval,
    };

    private static readonly Dictionary<string, SigningKey> KeyCache = [];

    public ConsensusFixture(params ulong[] stakes)
    {
        if (stakes.Length == 0) stakes = [100, 100, 100, 100];
        Keys = [.. stakes.Select((_, i) => Key($"validator-{i}"))];
        Validators = new ValidatorSet(stakes.Select((s, i) => new Validator(Keys[i].PublicKey, Amount.FromRoko(s), "na")));
    }

    public ImmutableArray<SigningKey> Keys { get; }
    public ValidatorSet Validators { get; }

    public static SigningKey Key(string seed)
    {
        lock (KeyCache)
        {
            if (!KeyCache.TryGetValue(seed, out var key)) KeyCache[seed] = key = SigningKey.FromSeed(seed);
            return key;
        }
    }

    public SigningKey ProposerKey(ulong height, uint round) =>
        Keys.First(k => k.PublicKey == ProposerRotation.ProposerOf(Validators, height, round));

    public SigningKey NonProposerKey(ulong height, uint round) =>
        Keys.First(k => k.PublicKey != ProposerRotation.ProposerOf(Validators, height, round));

    public IEnumerable<SigningKey> Others(SigningKey local) => Keys.Where(k => k.PublicKey != local.PublicKey);

    public ProposedBlock Block(ulong height, string variant = "a", NanoMoment? blockTime = null) => new(
        new BlockHeader(ChainId, height, Hash32.Zero, T0.AddNanoseconds(-1), blockTime ?? T0, Keys[0].PublicKey,
            Roko.Actors.Ledger.Block.TransactionRoot([]), Sha256.HashTagged("test/variant", System.Text.Encoding.UTF8.GetBytes(variant)),
            Validators.Hash),
        []);

    public Proposal Proposal(ProposedBlock block, uint round, int polRound = -1) =>
        Roko.Actors.Consensus.Proposal.Create(ChainId, block.Height, round, polRound, block, ProposerKey(block.Height, round));

    public static Vote Vote(SigningKey key, VoteType type, ulong height, uint round, Hash32 blockHash) =>
        Roko.Actors.Ledger.Vote.Create(type, ChainId, height, round, blockHash, Now, key);

    public ConsensusMachine Machine(SigningKey? local, ulong height = 1, BlockValidator? validator = null)
    {
        var machine = new ConsensusMachine(ChainId, local, Settings);
        machine.Handle(new ConsensusInput.StartHeight(height, Validators, validator ?? (_ => null)), Now);
        return machine;
    }

    public static ConsensusInput.ProposalReceived Received(Proposal proposal) => new(proposal, Now);
    public static ConsensusInput.VoteReceived Received(Vote vote) => new(vote);

    /// <summary>Feeds votes of <paramref name="type"/> for <paramref name="blockHash"/> from the given validators.</summary>
    public static List<ConsensusEffect> FeedVotes(ConsensusMachine machine, IEnumerable<SigningKey> from, VoteType type,
        ulong height, uint round, Hash32 blockHash)
    {
        var effects = new List<ConsensusEffect>();
        foreach (var key in from) effects.AddRange(machine.Handle(Received(Vote(key, type, height, round, blockHash)), Now));
        return effects;
    }

    public static IEnumerable<Vote> VotesCast(IEnumerable<ConsensusEffect> effects, VoteType type) =>
        effects.OfType<ConsensusEffect.BroadcastVote>().Select(b => b.Vote).Where(v => v.Type == type);
}
