using Roko.Actors.Primitives;

namespace Roko.Actors.Crypto;

/// <summary>
/// Binary Merkle tree over leaf values (docs/protocol.md §Merkle). Leaves hash as SHA-256(0x00 ‖ value), inner
/// nodes as SHA-256(0x01 ‖ left ‖ right). Odd-count rule: a list of n &gt; 1 items splits at k, the largest power
/// of two below n; the left part is a perfect tree and the right part is the rest, so a lone node is never
/// duplicated. The root of no leaves is SHA-256 of the empty string.
/// </summary>
public static class MerkleTree
{
    private const byte LeafPrefix = 0x00;
    private const byte NodePrefix = 0x01;

    public static Hash32 EmptyRoot { get; } = Sha256.Hash([]);

    public static Hash32 LeafHash(Hash32 value)
    {
        Span<byte> buffer = stackalloc byte[1 + Hash32.Size];
        buffer[0] = LeafPrefix;
        value.CopyTo(buffer[1..]);
        return Sha256.Hash(buffer);
    }

    public static Hash32 NodeHash(Hash32 left, Hash32 right)
    {
        Span<byte> buffer = stackalloc byte[1 + 2 * Hash32.Size];
        buffer[0] = NodePrefix;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + Hash32.Size)..]);
        return Sha256.Hash(buffer);
    }

    public static Hash32 Root(IReadOnlyList<Hash32> leaves)
    {
        if (leaves.Count == 0) return EmptyRoot;
        var level = new Hash32[leaves.Count];
        for (int i = 0; i < leaves.Count; i++) level[i] = LeafHash(leaves[i]);
        return SubtreeRoot(level, 0, level.Length);
    }

    private static Hash32 SubtreeRoot(Hash32[] leafHashes, int start, int count)
    {
        if (count == 1) return leafHashes[start];
        int k = LargestPowerOfTwoBelow(count);
        return NodeHash(SubtreeRoot(leafHashes, start, k), SubtreeRoot(leafHashes, start + k, count - k));
    }

    /// <summary>The sibling hashes from leaf <paramref name="index"/> up to the root (bottom first).</summary>
    public static MerkleProof Prove(IReadOnlyList<Hash32> leaves, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, leaves.Count);
        var hashes = new Hash32[leaves.Count];
        for (int i = 0; i < leaves.Count; i++) hashes[i] = LeafHash(leaves[i]);
        var path = new List<Hash32>();
        CollectPath(hashes, 0, hashes.Length, index, path);
        path.Reverse();
        return new MerkleProof(index, leaves.Count, path);
    }

    private static void CollectPath(Hash32[] leafHashes, int start, int count, int index, List<Hash32> topDown)
    {
        if (count == 1) return;
        int k = LargestPowerOfTwoBelow(count);
        if (index < k)
        {
            topDown.Add(SubtreeRoot(leafHashes, start + k, count - k));
            CollectPath(leafHashes, start, k, index, topDown);
        }
        else
        {
            topDown.Add(SubtreeRoot(leafHashes, start, k));
            CollectPath(leafHashes, start + k, count - k, index - k, topDown);
        }
    }

    /// <summary>Checks that <paramref name="leaf"/> sits at the proof's index in a tree with this root.</summary>
    public static bool Verify(Hash32 root, Hash32 leaf, MerkleProof proof)
    {
        if (proof.LeafCount <= 0 || proof.Index < 0 || proof.Index >= proof.LeafCount) return false;
        int pathPosition = proof.Siblings.Count;
        var computed = VerifyRecursive(LeafHash(leaf), proof.Index, proof.LeafCount, proof.Siblings, ref pathPosition);
        return computed is { } hash && pathPosition == 0 && hash == root;
    }

    // Walks top-down over the split structure, consuming siblings from the end of the bottom-first list.
    private static Hash32? VerifyRecursive(Hash32 leafHash, int index, int count, IReadOnlyList<Hash32> bottomUp, ref int remaining)
    {
        if (count == 1) return leafHash;
        if (remaining == 0) return null;
        int k = LargestPowerOfTwoBelow(count);
        var sibling = bottomUp[--remaining];
        if (index < k)
        {
            var left = VerifyRecursive(leafHash, index, k, bottomUp, ref remaining);
            return left is { } l ? NodeHash(l, sibling) : null;
        }
        var right = VerifyRecursive(leafHash, index - k, count - k, bottomUp, ref remaining);
        return right is { } r ? NodeHash(sibling, r) : null;
    }

    private static int LargestPowerOfTwoBelow(int n)
    {
        int k = 1;
        while (k << 1 < n) k <<= 1;
        return k;
    }
}

/// <summary>An inclusion proof: the leaf's index, the tree's leaf count and the sibling hashes, bottom first.</summary>
public sealed record MerkleProof(int Index, int LeafCount, IReadOnlyList<Hash32> Siblings);
