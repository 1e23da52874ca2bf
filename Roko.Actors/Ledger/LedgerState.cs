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
    private const string AccountLeafDomain = "roko/state/account/v1";
    private const string StakeLeafDomain = "roko/state/stake/v1";
    private const string UnbondingLeafDomain = "roko/state/unbonding/v1";
    private const string TombstoneLeafDomain = "roko/state/tombstone/v1";

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

    /// <summary>
    /// Merkle root over account leaves, stake leaves, unbonding leaves and tombstone leaves, each list in its order
    /// (docs/protocol.md §State root). The validator history is not in it: it follows from the chain.
    /// </summary>
    public Hash32 ComputeStateRoot()
    {
        var leaves = new List<Hash32>(Balances.Count + Stakes.Count);
        foreach (var (address, balance) in Balances)
        {
            if (balance.IsZero) continue;
            var writer = new CanonicalWriter(64).WriteAddress(address).WriteAmount(balance);
            leaves.Add(Sha256.HashTagged(AccountLeafDomain, writer.WrittenSpan));
        }
        foreach (var (key, stake) in Stakes)
        {
            var writer = new CanonicalWriter(96).WriteHash(key.Bytes).WriteAmount(stake.Amount).WriteMoment(stake.LockedUntil).WriteString(stake.Region);
            leaves.Add(Sha256.HashTagged(StakeLeafDomain, writer.WrittenSpan));
        }
        foreach (var (id, amount) in Unbonding) leaves.Add(UnbondingLeaf(id, amount));
        foreach (var key in Tombstoned) leaves.Add(TombstoneLeaf(key));
        return MerkleTree.Root(leaves);
    }

    public static Hash32 UnbondingLeaf(UnbondingId id, Amount amount) => Sha256.HashTagged(UnbondingLeafDomain,
        new CanonicalWriter(96).WriteMoment(id.ReleaseAt).WriteHash(id.Key.Bytes).WriteU64(id.StartedAtHeight).WriteAmount(amount).WrittenSpan);

    public static Hash32 TombstoneLeaf(PublicKey key) => Sha256.HashTagged(TombstoneLeafDomain, key.ToArray());

    public bool Equals(LedgerState? other) =>
        other is not null && ChainId == other.ChainId && Parameters == other.Parameters && Height == other.Height
        && LastBlockHash == other.LastBlockHash && LastCutoff == other.LastCutoff && LastBlockTime == other.LastBlockTime
        && Balances.SequenceEqual(other.Balances) && Stakes.SequenceEqual(other.Stakes)
        && Unbonding.SequenceEqual(other.Unbonding) && Tombstoned.SequenceEqual(other.Tombstoned)
        && ValidatorHistory.Length == other.ValidatorHistory.Length
        && ValidatorHistory.Zip(other.ValidatorHistory, (a, b) => a.FromHeight == b.FromHeight && a.Set.Hash == b.Set.Hash).All(same => same);

    public override int GetHashCode() => HashCode.Combine(ChainId, Height, LastBlockHash);
}
