using System.Collections.Immutable;
using Roko.Actors.Crypto;
using Roko.Actors.Primitives;

namespace Roko.Actors.Ledger;

/// <summary>
/// The provable ledger state (docs/protocol.md §State root): one <see cref="SparseMerkleTree"/> holding every account
/// with a non-zero balance at <c>HashTagged("roko/state/account-key/v1", address)</c>, every stake at
/// <c>HashTagged("roko/state/stake-key/v1", public key)</c>, every unbonding entry at
/// <c>HashTagged("roko/state/unbonding-key/v1", release_at ‖ key ‖ started_at_height)</c> and every tombstoned key at
/// <c>HashTagged("roko/state/tombstone-key/v1", key)</c>; a leaf's value is the tagged hash of the entry's canonical
/// encoding. Built once, then carried forward from block to block by applying only the entries that changed.
/// </summary>
public static class StateTree
{
    public const string AccountKeyDomain = "roko/state/account-key/v1";
    public const string StakeKeyDomain = "roko/state/stake-key/v1";
    public const string UnbondingKeyDomain = "roko/state/unbonding-key/v1";
    public const string TombstoneKeyDomain = "roko/state/tombstone-key/v1";
    public const string AccountLeafDomain = "roko/state/account/v1";
    public const string StakeLeafDomain = "roko/state/stake/v1";
    public const string UnbondingLeafDomain = "roko/state/unbonding/v1";
    public const string TombstoneLeafDomain = "roko/state/tombstone/v1";

    /// <summary>Everything the state root commits to.</summary>
    public sealed record Entries(
        ImmutableSortedDictionary<Address, Amount> Balances,
        ImmutableSortedDictionary<PublicKey, StakeEntry> Stakes,
        ImmutableSortedDictionary<UnbondingId, Amount> Unbonding,
        ImmutableSortedSet<PublicKey> Tombstoned)
    {
        public static Entries Empty { get; } = new(ImmutableSortedDictionary<Address, Amount>.Empty,
            ImmutableSortedDictionary<PublicKey, StakeEntry>.Empty, ImmutableSortedDictionary<UnbondingId, Amount>.Empty,
            ImmutableSortedSet<PublicKey>.Empty);
    }

    public static Hash32 UnbondingKey(UnbondingId id) => Sha256.HashTagged(UnbondingKeyDomain,
        new CanonicalWriter(56).WriteMoment(id.ReleaseAt).WriteHash(id.Key.Bytes).WriteU64(id.StartedAtHeight).WrittenSpan);

    public static Hash32 UnbondingValue(UnbondingId id, Amount amount) => Sha256.HashTagged(UnbondingLeafDomain,
        new CanonicalWriter(96).WriteMoment(id.ReleaseAt).WriteHash(id.Key.Bytes).WriteU64(id.StartedAtHeight).WriteAmount(amount).WrittenSpan);

    public static Hash32 TombstoneKey(PublicKey key) => Sha256.HashTagged(TombstoneKeyDomain, key.ToArray());

    public static Hash32 TombstoneValue(PublicKey key) => Sha256.HashTagged(TombstoneLeafDomain, key.ToArray());

    public static Hash32 AccountKey(Address address)
    {
        Span<byte> bytes = stackalloc byte[Address.Size];
        address.CopyTo(bytes);
        return Sha256.HashTagged(AccountKeyDomain, bytes);
    }

    public static Hash32 StakeKey(PublicKey key) => Sha256.HashTagged(StakeKeyDomain, key.Bytes.ToArray());

    /// <summary>Leaf value of an account: the tagged hash of its canonical encoding (null: absent, i.e. a zero balance).</summary>
    public static Hash32? AccountValue(Address address, Amount balance)
    {
        if (balance.IsZero) return null;
        var writer = new CanonicalWriter(64).WriteAddress(address).WriteAmount(balance);
        return Sha256.HashTagged(AccountLeafDomain, writer.WrittenSpan);
    }

    public static Hash32 StakeValue(PublicKey key, StakeEntry stake)
    {
        var writer = new CanonicalWriter(96).WriteHash(key.Bytes).WriteAmount(stake.Amount).WriteMoment(stake.LockedUntil).WriteString(stake.Region);
        return Sha256.HashTagged(StakeLeafDomain, writer.WrittenSpan);
    }

    public static SparseMerkleTree Build(Entries entries) => Update(SparseMerkleTree.Empty, Entries.Empty, entries);

    /// <summary>The tree of accounts and stakes alone (no unbonding or tombstones), e.g. for benchmarks and vectors.</summary>
    public static SparseMerkleTree Build(
        ImmutableSortedDictionary<Address, Amount> balances, ImmutableSortedDictionary<PublicKey, StakeEntry> stakes) =>
        Build(Entries.Empty with { Balances = balances, Stakes = stakes });

    /// <summary>The tree of <paramref name="after"/> from the tree of <paramref name="before"/>: one merge walk per map
    /// (skipped when a map is the same object), one tree update per change.</summary>
    public static SparseMerkleTree Update(SparseMerkleTree tree, Entries before, Entries after)
    {
        tree = Update(tree, before.Balances, before.Stakes, after.Balances, after.Stakes);
        if (!ReferenceEquals(before.Unbonding, after.Unbonding))
            foreach (var (id, present, amount) in Changes(before.Unbonding, after.Unbonding))
                tree = Put(tree, UnbondingKey(id), present ? UnbondingValue(id, amount) : null);
        if (!ReferenceEquals(before.Tombstoned, after.Tombstoned))
        {
            foreach (var key in before.Tombstoned.Except(after.Tombstoned)) tree = tree.Remove(TombstoneKey(key));
            foreach (var key in after.Tombstoned.Except(before.Tombstoned)) tree = tree.Set(TombstoneKey(key), TombstoneValue(key));
        }
        return tree;
    }

    /// <summary>
    /// The tree of (<paramref name="balances"/>, <paramref name="stakes"/>) from the tree of the earlier entries:
    /// one merge walk over both sorted maps (skipped when a map is the same object), one tree update per change.
    /// </summary>
    public static SparseMerkleTree Update(SparseMerkleTree tree,
        ImmutableSortedDictionary<Address, Amount> oldBalances, ImmutableSortedDictionary<PublicKey, StakeEntry> oldStakes,
        ImmutableSortedDictionary<Address, Amount> balances, ImmutableSortedDictionary<PublicKey, StakeEntry> stakes)
    {
        if (!ReferenceEquals(oldBalances, balances))
            foreach (var (address, present, balance) in Changes(oldBalances, balances))
                tree = Put(tree, AccountKey(address), present ? AccountValue(address, balance) : null);
        if (!ReferenceEquals(oldStakes, stakes))
            foreach (var (key, present, stake) in Changes(oldStakes, stakes))
                tree = Put(tree, StakeKey(key), present ? StakeValue(key, stake) : null);
        return tree;
    }

    /// <summary>Proof of an account's balance (or of its absence) against the state root.</summary>
    public static AccountProof ProveAccount(SparseMerkleTree tree, Address address, Amount balance) =>
        new(address, balance, tree.Prove(AccountKey(address)));

    private static SparseMerkleTree Put(SparseMerkleTree tree, Hash32 key, Hash32? value) =>
        value is { } v ? tree.Set(key, v) : tree.Remove(key);

    /// <summary>Keys whose entry differs: present with the new value, or removed.</summary>
    private static IEnumerable<(TKey Key, bool Present, TValue Value)> Changes<TKey, TValue>(
        ImmutableSortedDictionary<TKey, TValue> before, ImmutableSortedDictionary<TKey, TValue> after)
        where TKey : notnull, IComparable<TKey>
    {
        using var a = before.GetEnumerator();
        using var b = after.GetEnumerator();
        bool hasA = a.MoveNext(), hasB = b.MoveNext();
        while (hasA || hasB)
        {
            int c = !hasA ? 1 : !hasB ? -1 : a.Current.Key.CompareTo(b.Current.Key);
            if (c < 0)
            {
                yield return (a.Current.Key, false, a.Current.Value);
                hasA = a.MoveNext();
            }
            else if (c > 0)
            {
                yield return (b.Current.Key, true, b.Current.Value);
                hasB = b.MoveNext();
            }
            else
            {
                if (!EqualityComparer<TValue>.Default.Equals(a.Current.Value, b.Current.Value))
                    yield return (b.Current.Key, true, b.Current.Value);
                hasA = a.MoveNext();
                hasB = b.MoveNext();
            }
        }
    }
}

/// <summary>
/// An account's balance with its sparse Merkle proof; a zero balance is proved by non-inclusion. Verified purely
/// against a state root taken from a verified header.
/// </summary>
public sealed record AccountProof(Address Address, Amount Balance, SparseMerkleProof Proof)
{
    public bool Verify(Hash32 stateRoot) =>
        SparseMerkleTree.Verify(stateRoot, StateTree.AccountKey(Address), StateTree.AccountValue(Address, Balance), Proof);
}
