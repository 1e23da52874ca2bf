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

    private ValidatorSet? _validators;

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

    /// <summary>Merkle root over account leaves then stake leaves, each sorted by key (docs/protocol.md §State root).</summary>
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
        return MerkleTree.Root(leaves);
    }

    public bool Equals(LedgerState? other) =>
        other is not null && ChainId == other.ChainId && Parameters == other.Parameters && Height == other.Height
        && LastBlockHash == other.LastBlockHash && LastCutoff == other.LastCutoff && LastBlockTime == other.LastBlockTime
        && Balances.SequenceEqual(other.Balances) && Stakes.SequenceEqual(other.Stakes);

    public override int GetHashCode() => HashCode.Combine(ChainId, Height, LastBlockHash);
}
