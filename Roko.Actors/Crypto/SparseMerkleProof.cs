using System.Collections.Immutable;
using System.Numerics;
using Roko.Actors.Primitives;

namespace Roko.Actors.Crypto;

/// <summary>
/// A sparse Merkle proof in compact form (docs/protocol.md §Sparse Merkle tree): a 256-bit bitmap whose bit i says
/// that the sibling at level i (the other child of the path's node at depth i) is not the default hash, and those
/// non-default siblings in level order, root side first. Encoding: <c>32 bitmap ‖ popcount × 32 sibling</c>.
/// </summary>
public sealed record SparseMerkleProof(ImmutableArray<byte> Bitmap, ImmutableArray<Hash32> Siblings)
{
    public const int BitmapSize = SparseMerkleTree.Depth / 8;

    public bool HasSibling(int level) => (Bitmap[level >> 3] >> (7 - (level & 7)) & 1) == 1;

    /// <summary>The bitmap has 32 bytes and as many set bits as there are siblings, none of them a default hash.</summary>
    public bool IsWellFormed
    {
        get
        {
            if (Bitmap.IsDefault || Siblings.IsDefault || Bitmap.Length != BitmapSize) return false;
            int set = 0;
            foreach (var b in Bitmap) set += BitOperations.PopCount(b);
            if (set != Siblings.Length) return false;
            int next = 0;
            for (int level = 0; level < SparseMerkleTree.Depth; level++)
                if (HasSibling(level) && Siblings[next++] == SparseMerkleTree.DefaultHashes[level + 1]) return false;
            return true;
        }
    }

    /// <summary>Builds the compact form from one optional sibling per level (null = default).</summary>
    public static SparseMerkleProof FromSiblings(IReadOnlyList<Hash32?> byLevel)
    {
        var bitmap = new byte[BitmapSize];
        var siblings = ImmutableArray.CreateBuilder<Hash32>();
        for (int level = 0; level < byLevel.Count; level++)
        {
            if (byLevel[level] is not { } sibling || sibling == SparseMerkleTree.DefaultHashes[level + 1]) continue;
            bitmap[level >> 3] |= (byte)(1 << (7 - (level & 7)));
            siblings.Add(sibling);
        }
        return new SparseMerkleProof([.. bitmap], siblings.ToImmutable());
    }

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(BitmapSize + Siblings.Length * Hash32.Size);
        foreach (var b in Bitmap) writer.WriteU8(b);
        foreach (var s in Siblings) writer.WriteHash(s);
        return writer.ToArray();
    }

    /// <summary>Decodes and checks the form; refuses a bitmap/sibling mismatch or a default sibling as non-canonical.</summary>
    public static SparseMerkleProof Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < BitmapSize || (bytes.Length - BitmapSize) % Hash32.Size != 0)
            throw new CanonicalDecodingException("proof", $"{bytes.Length} bytes is not 32 + a multiple of 32");
        var bitmap = bytes[..BitmapSize].ToArray();
        var siblings = ImmutableArray.CreateBuilder<Hash32>();
        for (int at = BitmapSize; at < bytes.Length; at += Hash32.Size) siblings.Add(new Hash32(bytes.Slice(at, Hash32.Size)));
        var proof = new SparseMerkleProof([.. bitmap], siblings.ToImmutable());
        if (!proof.IsWellFormed)
            throw new CanonicalDecodingException("proof.siblings", "sibling count differs from the bitmap or a sibling is a default hash");
        return proof;
    }

    public bool Equals(SparseMerkleProof? other) =>
        other is not null && Bitmap.SequenceEqual(other.Bitmap) && Siblings.SequenceEqual(other.Siblings);

    public override int GetHashCode() => Siblings.Length;
}
