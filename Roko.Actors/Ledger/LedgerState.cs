using System.Collections.Immutable;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Primitives;

namespace Roko.Actors.Ledger;

/// <summary>Stake held by a validator key; it cannot be withdrawn before <paramref name="LockedUntil"/>.</summary>
public sealed record StakeEntry(Amount Amount, NanoMoment LockedUntil, string Region);

/// <summary>
/// The ledger after block <see cref="Height"/> (0 = genesis): balances, stakes, and the chain tip that the next
/// block must extend. Immutable; <see cref="LedgerTransition"/> produces successors.
/// </summary>
public sealed record LedgerState(
    string ChainId,
    ChainParameters Parameters,
    ulong Height,
    Hash32 LastBlockHash,
    NanoMoment LastCutoff,
    NanoMoment LastBlockTime,
    ImmutableSortedDictionary<Address, Amount> Balances,
    ImmutableSortedDictionary<PublicKey, StakeEntry> Stakes)
{
    private SparseMerkleTree? _tree;
    // The nearest ancestor whose state tree was built: this state's tree is that one plus the entries that changed.
    // A reference (not a struct) so that states shared between actors are never read torn.
    private readonly TreeBase? _treeBase;
    private ValidatorSet? _staked;

    /// <summary>Stake leaving the validator set, held until its release time (<see cref="Ledger.Unbonding"/>).</summary>
    public ImmutableSortedDictionary<UnbondingId, Amount> Unbonding { get; init; } = ImmutableSortedDictionary<UnbondingId, Amount>.Empty;

    /// <summary>Keys punished for double signing: their evidence is spent and they may never stake again.</summary>
    public ImmutableSortedSet<PublicKey> Tombstoned { get; init; } = ImmutableSortedSet<PublicKey>.Empty;

    /// <summary>
    /// The validator sets of recent heights (<see cref="ValidatorSchedule"/>); the last one is the set of the next
    /// block. Empty only in a state built by hand, whose set then comes from its stakes.
    /// </summary>
    public ImmutableArray<ValidatorEpoch> ValidatorHistory { get; init; } = [];

    // `with` must not carry the cached validator set over: a copy with other stakes has other validators.
    private LedgerState(LedgerState original)
    {
        ChainId = original.ChainId;
        Parameters = original.Parameters;
        Height = original.Height;
        LastBlockHash = original.LastBlockHash;
        LastCutoff = original.LastCutoff;
        LastBlockTime = original.LastBlockTime;
        Balances = original.Balances;
        Stakes = original.Stakes;
        Unbonding = original.Unbonding;
        Tombstoned = original.Tombstoned;
        ValidatorHistory = original.ValidatorHistory;
        _treeBase = original._tree is { } tree ? new TreeBase(tree, original.Entries) : original._treeBase;
    }

    public static LedgerState FromGenesis(Genesis genesis)
    {
        var balances = ImmutableSortedDictionary.CreateRange(genesis.Accounts.Select(a => KeyValuePair.Create(a.Address, a.Balance)));
        var stakes = ImmutableSortedDictionary.CreateRange(genesis.Validators.Select(v =>
            KeyValuePair.Create(v.Key, new StakeEntry(v.Stake, v.LockedUntil, v.Region))));
        var state = new LedgerState(genesis.ChainId, genesis.Parameters, 0, genesis.Hash, genesis.Time, genesis.Time, balances, stakes);
        return state with { ValidatorHistory = ValidatorSchedule.FromGenesis(state.StakedValidators) };
    }

    public Amount BalanceOf(Address address) => Balances.GetValueOrDefault(address, Amount.Zero);

    /// <summary>Validators of the next block (height <see cref="Height"/> + 1), fixed two heights earlier (<see cref="ValidatorSchedule"/>).</summary>
    public ValidatorSet Validators => ValidatorHistory.IsDefaultOrEmpty ? StakedValidators : ValidatorHistory[^1].Set;

    /// <summary>The validators of <paramref name="height"/> while the history still covers it, otherwise null.</summary>
    public ValidatorSet? ValidatorsAt(ulong height) =>
        ValidatorHistory.IsDefaultOrEmpty ? (height == Height + 1 ? StakedValidators : null) : ValidatorSchedule.At(ValidatorHistory, height);

    /// <summary>Every stake at or above the minimum in this state: the validator set of height <see cref="Height"/> + 2.</summary>
    public ValidatorSet StakedValidators => _staked ??= new ValidatorSet(Stakes
        .Where(s => s.Value.Amount >= Parameters.MinValidatorStake)
        .Select(s => new Validator(s.Key, s.Value.Amount, s.Value.Region)));

    /// <summary>The sparse Merkle tree of accounts, stakes, unbonding entries and tombstones (docs/protocol.md §State root).</summary>
    public SparseMerkleTree StateTree => _tree ??= BuildStateTree();

    /// <summary>Root of <see cref="StateTree"/>: the header's state root. The validator history is not in it: it follows from the chain.</summary>
    public Hash32 ComputeStateRoot() => StateTree.Root;

    /// <summary>The balance of <paramref name="address"/> with its inclusion (or, for zero, non-inclusion) proof.</summary>
    public AccountProof ProveAccount(Address address) => Ledger.StateTree.ProveAccount(StateTree, address, BalanceOf(address));

    /// <summary>What the state root commits to.</summary>
    public Ledger.StateTree.Entries Entries => new(Balances, Stakes, Unbonding, Tombstoned);

    private SparseMerkleTree BuildStateTree()
    {
        if (_treeBase is not { } b) return Ledger.StateTree.Build(Entries);
        return Ledger.StateTree.Update(b.Tree, b.Entries, Entries);
    }

    private sealed record TreeBase(SparseMerkleTree Tree, Ledger.StateTree.Entries Entries);

    public static Hash32 UnbondingLeaf(UnbondingId id, Amount amount) => Ledger.StateTree.UnbondingValue(id, amount);

    public static Hash32 TombstoneLeaf(PublicKey key) => Ledger.StateTree.TombstoneValue(key);

    public bool Equals(LedgerState? other) =>
        other is not null && ChainId == other.ChainId && Parameters == other.Parameters && Height == other.Height
        && LastBlockHash == other.LastBlockHash && LastCutoff == other.LastCutoff && LastBlockTime == other.LastBlockTime
        && Balances.SequenceEqual(other.Balances) && Stakes.SequenceEqual(other.Stakes)
        && Unbonding.SequenceEqual(other.Unbonding) && Tombstoned.SequenceEqual(other.Tombstoned)
        && ValidatorHistory.Length == other.ValidatorHistory.Length
        && ValidatorHistory.Zip(other.ValidatorHistory, (a, b) => a.FromHeight == b.FromHeight && a.Set.Hash == b.Set.Hash).All(same => same);

    public override int GetHashCode() => HashCode.Combine(ChainId, Height, LastBlockHash);
}
