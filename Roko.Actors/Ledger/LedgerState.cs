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
    private ValidatorSet? _validators;
    private SparseMerkleTree? _tree;
    // The nearest ancestor whose state tree was built: this state's tree is that one plus the entries that changed.
    // A reference (not a struct) so that states shared between actors are never read torn.
    private readonly TreeBase? _treeBase;

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
        _treeBase = original._tree is { } tree ? new TreeBase(tree, original.Balances, original.Stakes) : original._treeBase;
    }

    public static LedgerState FromGenesis(Genesis genesis)
    {
        var balances = ImmutableSortedDictionary.CreateRange(genesis.Accounts.Select(a => KeyValuePair.Create(a.Address, a.Balance)));
        var stakes = ImmutableSortedDictionary.CreateRange(genesis.Validators.Select(v =>
            KeyValuePair.Create(v.Key, new StakeEntry(v.Stake, v.LockedUntil, v.Region))));
        return new LedgerState(genesis.ChainId, genesis.Parameters, 0, genesis.Hash, genesis.Time, genesis.Time, balances, stakes);
    }

    public Amount BalanceOf(Address address) => Balances.GetValueOrDefault(address, Amount.Zero);

    /// <summary>Validators for the next block: every stake at or above the minimum.</summary>
    public ValidatorSet Validators => _validators ??= new ValidatorSet(Stakes
        .Where(s => s.Value.Amount >= Parameters.MinValidatorStake)
        .Select(s => new Validator(s.Key, s.Value.Amount, s.Value.Region)));

    /// <summary>The sparse Merkle tree of accounts and stakes (docs/protocol.md §State root).</summary>
    public SparseMerkleTree StateTree => _tree ??= BuildStateTree();

    /// <summary>Root of <see cref="StateTree"/>: the header's state root.</summary>
    public Hash32 ComputeStateRoot() => StateTree.Root;

    /// <summary>The balance of <paramref name="address"/> with its inclusion (or, for zero, non-inclusion) proof.</summary>
    public AccountProof ProveAccount(Address address) => Ledger.StateTree.ProveAccount(StateTree, address, BalanceOf(address));

    private SparseMerkleTree BuildStateTree()
    {
        if (_treeBase is not { } b) return Ledger.StateTree.Build(Balances, Stakes);
        return Ledger.StateTree.Update(b.Tree, b.Balances, b.Stakes, Balances, Stakes);
    }

    private sealed record TreeBase(SparseMerkleTree Tree, ImmutableSortedDictionary<Address, Amount> Balances,
        ImmutableSortedDictionary<PublicKey, StakeEntry> Stakes);

    public bool Equals(LedgerState? other) =>
        other is not null && ChainId == other.ChainId && Parameters == other.Parameters && Height == other.Height
        && LastBlockHash == other.LastBlockHash && LastCutoff == other.LastCutoff && LastBlockTime == other.LastBlockTime
        && Balances.SequenceEqual(other.Balances) && Stakes.SequenceEqual(other.Stakes);

    public override int GetHashCode() => HashCode.Combine(ChainId, Height, LastBlockHash);
}
