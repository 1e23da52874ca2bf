using System.Collections.Immutable;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Tests.Builders;

/// <summary>Entry point for test objects: <c>Build.Transaction().SignedAt(t).By(key).Transfer(to, amount)</c>.</summary>
public static class Build
{
    public static TransactionBuilder Transaction() => new();
    public static ChainBuilder Chain() => new();
}

/// <summary>Fixed keys and moments, so tests never read the wall clock.</summary>
public static class Keys
{
    public static SigningKey Alice { get; } = SigningKey.FromSeed("alice");
    public static SigningKey Bob { get; } = SigningKey.FromSeed("bob");
    public static SigningKey Carol { get; } = SigningKey.FromSeed("carol");
    public static SigningKey Mallory { get; } = SigningKey.FromSeed("mallory");

    public static SigningKey Validator(int index) => SigningKey.FromSeed("validator-" + index);
}

public static class Moments
{
    /// <summary>Genesis time of every test chain: 2026-01-01T00:00:00Z.</summary>
    public static NanoMoment Genesis { get; } = NanoMoment.Parse("2026-01-01T00:00:00.000000000Z");

    public static NanoMoment AfterGenesis(long millis, long nanos = 0) =>
        Genesis.AddNanoseconds(millis * 1_000_000 + nanos);

    public static long Seconds(long s) => s * NanoMoment.NanosPerSecond;
    public static long Millis(long ms) => ms * 1_000_000;
}

public sealed class TransactionBuilder
{
    private string _chainId = ChainBuilder.DefaultChainId;
    private SigningKey _key = Keys.Alice;
    private NanoMoment _timestamp = Moments.AfterGenesis(100);

    public TransactionBuilder SignedAt(NanoMoment timestamp)
    {
        _timestamp = timestamp;
        return this;
    }

    public TransactionBuilder By(SigningKey key)
    {
        _key = key;
        return this;
    }

    public TransactionBuilder OnChain(string chainId)
    {
        _chainId = chainId;
        return this;
    }

    public Transaction Transfer(Address to, Amount amount) => With(new TransferPayload(to, amount));
    public Transaction Transfer(SigningKey to, Amount amount) => Transfer(to.PublicKey.ToAddress(), amount);
    public Transaction Stake(Amount amount, string region = "eu") => With(new StakePayload(amount, region));
    public Transaction Unstake(Amount amount) => With(new UnstakePayload(amount));
    public Transaction With(TransactionPayload payload) => Roko.Actors.Ledger.Transaction.Create(_chainId, _key, _timestamp, payload);
}

/// <summary>A genesis with N validators (keys <see cref="Keys.Validator"/>) and funded accounts.</summary>
public sealed class ChainBuilder
{
    public const string DefaultChainId = "roko-test";

    private string _chainId = DefaultChainId;
    private int _validators = 1;
    private Amount _validatorStake = Amount.FromRoko(32_000);
    private NanoMoment _lockedUntil = Moments.Genesis;
    private readonly List<GenesisAccount> _accounts = [];
    private ChainParameters _parameters = new(
        MinValidatorStake: Amount.FromRoko(1_000),
        StakeLockNanos: Moments.Seconds(10),
        TransactionMaxAgeNanos: Moments.Seconds(60),
        MaxTransactionsPerBlock: 100,
        MaxBlockBytes: 1024 * 1024);

    public ChainBuilder Named(string chainId)
    {
        _chainId = chainId;
        return this;
    }

    public ChainBuilder WithValidators(int count, Amount? stakeEach = null, NanoMoment? lockedUntil = null)
    {
        _validators = count;
        if (stakeEach is { } s) _validatorStake = s;
        if (lockedUntil is { } l) _lockedUntil = l;
        return this;
    }

    public ChainBuilder Funding(SigningKey key, Amount balance) => Funding(key.PublicKey.ToAddress(), balance);

    public ChainBuilder Funding(Address address, Amount balance)
    {
        _accounts.Add(new GenesisAccount(address, balance));
        return this;
    }

    public ChainBuilder WithParameters(Func<ChainParameters, ChainParameters> change)
    {
        _parameters = change(_parameters);
        return this;
    }

    public TestChain Build()
    {
        var keys = Enumerable.Range(0, _validators).Select(Keys.Validator).ToImmutableArray();
        var genesis = new Genesis(_chainId, Moments.Genesis, _parameters, [.. _accounts],
            [.. keys.Select(k => new GenesisValidator(k.PublicKey, _validatorStake, "eu", _lockedUntil))]);
        return new TestChain(genesis, LedgerState.FromGenesis(genesis), keys);
    }
}

/// <summary>A genesis, its ledger state and the validators' signing keys.</summary>
public sealed record TestChain(Genesis Genesis, LedgerState State, ImmutableArray<SigningKey> ValidatorKeys)
{
    public BlockBuilder NextBlock() => new(State, ValidatorKeys);
    public BlockBuilder NextBlock(LedgerState after) => new(after, ValidatorKeys);
}

/// <summary>
/// Builds block <c>state.Height + 1</c>: <see cref="Seal"/> assembles with <see cref="BlockAssembly"/> and signs the
/// commit certificate with the validators' keys; <see cref="Raw"/> takes the transactions as given (for blocks
/// that must break a rule).
/// </summary>
public sealed class BlockBuilder(LedgerState state, IReadOnlyList<SigningKey> validatorKeys)
{
    private readonly List<Transaction> _transactions = [];
    private NanoMoment? _cutoff;
    private NanoMoment? _blockTime;
    private IReadOnlyList<SigningKey>? _signers;
    private SigningKey? _proposer;

    public BlockBuilder With(params Transaction[] transactions)
    {
        _transactions.AddRange(transactions);
        return this;
    }

    public BlockBuilder CutoffAt(NanoMoment cutoff)
    {
        _cutoff = cutoff;
        return this;
    }

    public BlockBuilder At(NanoMoment blockTime)
    {
        _blockTime = blockTime;
        return this;
    }

    public BlockBuilder SignedBy(params SigningKey[] signers)
    {
        _signers = signers;
        return this;
    }

    public BlockBuilder ProposedBy(SigningKey proposer)
    {
        _proposer = proposer;
        return this;
    }

    private NanoMoment Cutoff => _cutoff ?? state.LastCutoff.AddNanoseconds(Moments.Seconds(1));
    private NanoMoment BlockTime => _blockTime ?? Cutoff.AddNanoseconds(Moments.Millis(1));
    private SigningKey Proposer => _proposer ?? validatorKeys[0];

    public AssembledBlock Assemble()
    {
        var ordered = _transactions.OrderBy(t => t, Comparer<Transaction>.Create(Transaction.CompareByTime));
        return BlockAssembly.Assemble(state, ordered, Cutoff, BlockTime, Proposer.PublicKey);
    }

    /// <summary>Assembles and commits; the block applies cleanly to the state.</summary>
    public Block Seal()
    {
        var assembled = Assemble();
        return assembled.WithCommit(Commit(assembled.Header, _signers ?? validatorKeys));
    }

    /// <summary>The transactions exactly as given (no sorting or filtering), with a matching tx root and commit.</summary>
    public Block Raw(Hash32? stateRoot = null) =>
        RawWith(h => stateRoot is { } r ? Headers.With(h, stateRoot: r) : h);

    /// <summary>Like <see cref="Raw"/> but the header is changed before the commit is signed.</summary>
    public Block RawWith(Func<BlockHeader, BlockHeader> change)
    {
        var txs = _transactions.ToImmutableArray();
        var header = change(new BlockHeader(state.ChainId, state.Height + 1, state.LastBlockHash, Cutoff, BlockTime,
            Proposer.PublicKey, Block.TransactionRoot(txs), state.ComputeStateRoot(), state.Validators.Hash));
        return new Block(header, txs, Commit(header, _signers ?? validatorKeys));
    }

    public static CommitCertificate Commit(BlockHeader header, IEnumerable<SigningKey> signers, uint round = 0) =>
        CommitCertificate.FromVotes(header.Height, round, header.Hash, signers.Select(k =>
            Vote.Create(VoteType.Precommit, header.ChainId, header.Height, round, header.Hash,
                NanoInterval.Around(header.BlockTime, Moments.Millis(1)), k)));
}

/// <summary>Copies of a header with some fields changed (a fresh record, so its hash is recomputed).</summary>
public static class Headers
{
    public static BlockHeader With(BlockHeader h, string? chainId = null, ulong? height = null, Hash32? previousHash = null,
        NanoMoment? cutoff = null, NanoMoment? blockTime = null, PublicKey? proposer = null, Hash32? txRoot = null,
        Hash32? stateRoot = null, Hash32? validatorSetHash = null) =>
        new(chainId ?? h.ChainId, height ?? h.Height, previousHash ?? h.PreviousHash, cutoff ?? h.Cutoff,
            blockTime ?? h.BlockTime, proposer ?? h.Proposer, txRoot ?? h.TransactionRoot, stateRoot ?? h.StateRoot,
            validatorSetHash ?? h.ValidatorSetHash);
}
