using System.Collections.Immutable;
using Roko.Actors.Crypto;
using Roko.Actors.Primitives;

namespace Roko.Actors.Ledger;

/// <summary>
/// The provable ledger state (docs/protocol.md §State root): one <see cref="SparseMerkleTree"/> holding every account
/// with a non-zero balance at <c>HashTagged("roko/state/account-key/v1", address)</c> and every stake at
/// <c>HashTagged("roko/state/stake-key/v1", public key)</c>; a leaf's value is the tagged hash of the entry's canonical
/// encoding. Built once, then carried forward from block to block by applying only the entries that changed.
/// </summary>
public static class StateTree
{
    public const string AccountKeyDomain = "roko/state/account-key/v1";
    public const string StakeKeyDomain = "roko/state/stake-key/v1";
    public const string AccountLeafDomain = "roko/state/account/v1";
    public const string StakeLeafDomain = "roko/state/stake/v1";

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

    public static SparseMerkleTree Build(
        ImmutableSortedDictionary<Address, Amount> balances, ImmutableSortedDictionary<PublicKey, StakeEntry> stakes) =>
        Update(SparseMerkleTree.Empty, ImmutableSortedDictionary<Address, Amount>.Empty, ImmutableSortedDictionary<PublicKey, StakeEntry>.Empty,
            balances, stakes);

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
