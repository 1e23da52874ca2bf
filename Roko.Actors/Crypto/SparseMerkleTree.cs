using System.Security.Cryptography;
using System.Text;
using Roko.Actors.Primitives;

namespace Roko.Actors.Crypto;

/// <summary>
/// An immutable sparse Merkle tree over 256-bit keys (docs/protocol.md §Sparse Merkle tree). Every key has its
/// leaf at depth 256 on the path given by its bits, most significant bit of byte 0 first (0 = left). An empty leaf
/// is <see cref="Hash32.Zero"/>, and an empty subtree at depth d has the default hash D(d) = node(D(d+1), D(d+1)).
/// A present leaf hashes as <c>HashTagged("roko/smt/leaf/v1", key ‖ value)</c> and an inner node as
/// <c>HashTagged("roko/smt/node/v1", left ‖ right)</c>.
/// <para>
/// Storage is compact (a subtree holding one key is a single leaf object, whatever its depth) and persistent: a
/// <see cref="Set"/> or <see cref="Remove"/> copies only the nodes on one path and costs at most 256 hashes.
/// </para>
/// </summary>
public sealed class SparseMerkleTree
{
    public const int Depth = 256;
    public const string LeafDomain = "roko/smt/leaf/v1";
    public const string NodeDomain = "roko/smt/node/v1";

    private static readonly byte[] LeafPrefix = Prefix(LeafDomain);
    private static readonly byte[] NodePrefix = Prefix(NodeDomain);

    /// <summary>D(d) for d = 0..256: the hash of an empty subtree whose root is at depth d (D(256) = zero).</summary>
    public static IReadOnlyList<Hash32> DefaultHashes { get; } = BuildDefaults();

    public static SparseMerkleTree Empty { get; } = new(null, 0);

    private readonly Node? _root;

    private SparseMerkleTree(Node? root, int count)
    {
        _root = root;
        Count = count;
        Root = root?.Hash ?? DefaultHashes[0]; // every node's hash is computed before the tree is shared
    }

    /// <summary>Keys present.</summary>
    public int Count { get; }

    public Hash32 Root { get; }

    /// <summary>This tree with <paramref name="key"/> mapped to <paramref name="value"/> (added or replaced).</summary>
    public SparseMerkleTree Set(Hash32 key, Hash32 value)
    {
        bool added = !Contains(key);
        return new SparseMerkleTree(Insert(_root, 0, key, value), added ? Count + 1 : Count);
    }

    /// <summary>This tree without <paramref name="key"/> (itself when the key is absent).</summary>
    public SparseMerkleTree Remove(Hash32 key) =>
        Contains(key) ? new SparseMerkleTree(Delete(_root, 0, key), Count - 1) : this;

    public bool Contains(Hash32 key) => TryGet(key, out _);

    public bool TryGet(Hash32 key, out Hash32 value)
    {
        var node = _root;
        while (node is Branch b) node = Bit(key, b.Depth) == 0 ? b.Left : b.Right;
        if (node is Leaf leaf && leaf.Key == key)
        {
            value = leaf.Value;
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>An inclusion proof when the key is present, a non-inclusion proof otherwise.</summary>
    public SparseMerkleProof Prove(Hash32 key)
    {
        var siblings = new Hash32?[Depth];
        var node = _root;
        int depth = 0;
        while (node is Branch b)
        {
            bool left = Bit(key, depth) == 0;
            var sibling = left ? b.Right : b.Left;
            siblings[depth] = sibling?.Hash;
            node = left ? b.Left : b.Right;
            depth++;
        }
        if (node is Leaf other && other.Key != key)
        {
            // The path of the absent key leaves the other key's path at the first differing bit; there the sibling
            // is the other key's lone leaf, seen from one level below.
            int split = depth;
            while (Bit(key, split) == Bit(other.Key, split)) split++;
            siblings[split] = ChainHash(other.Key, other.Value, split + 1);
        }
        return SparseMerkleProof.FromSiblings(siblings);
    }

    /// <summary>
    /// Pure check: does <paramref name="root"/> map <paramref name="key"/> to <paramref name="value"/> (null: to
    /// nothing)? False for any proof that does not recompute the root.
    /// </summary>
    public static bool Verify(Hash32 root, Hash32 key, Hash32? value, SparseMerkleProof proof)
    {
        if (!proof.IsWellFormed) return false;
        var hash = value is { } v ? LeafHash(key, v) : DefaultHashes[Depth];
        int next = proof.Siblings.Length - 1;
        for (int level = Depth - 1; level >= 0; level--)
        {
            var sibling = proof.HasSibling(level) ? proof.Siblings[next--] : DefaultHashes[level + 1];
            hash = Bit(key, level) == 0 ? NodeHash(hash, sibling) : NodeHash(sibling, hash);
        }
        return next == -1 && hash == root;
    }

    public static Hash32 LeafHash(Hash32 key, Hash32 value) => Hash(LeafPrefix, key, value);

    public static Hash32 NodeHash(Hash32 left, Hash32 right) => Hash(NodePrefix, left, right);

    /// <summary>Bit <paramref name="level"/> of the key (0 = most significant bit of byte 0): 0 goes left.</summary>
    public static int Bit(Hash32 key, int level)
    {
        Span<byte> bytes = stackalloc byte[Hash32.Size];
        key.CopyTo(bytes);
        return (bytes[level >> 3] >> (7 - (level & 7))) & 1;
    }

    private static Node? Insert(Node? node, int depth, Hash32 key, Hash32 value)
    {
        switch (node)
        {
            case null:
                return new Leaf(key, value, depth);
            case Leaf leaf when leaf.Key == key:
                return new Leaf(key, value, depth);
            case Leaf leaf:
            {
                // Two keys share this subtree: push both one level down until their paths part.
                int mine = Bit(key, depth);
                if (mine == Bit(leaf.Key, depth))
                {
                    var child = Insert(leaf.Moved(depth + 1), depth + 1, key, value);
                    return mine == 0 ? Branch.Of(depth, child, null) : Branch.Of(depth, null, child);
                }
                var added = new Leaf(key, value, depth + 1);
                return mine == 0 ? Branch.Of(depth, added, leaf.Moved(depth + 1)) : Branch.Of(depth, leaf.Moved(depth + 1), added);
            }
            case Branch b:
                return Bit(key, depth) == 0
                    ? Branch.Of(depth, Insert(b.Left, depth + 1, key, value), b.Right)
                    : Branch.Of(depth, b.Left, Insert(b.Right, depth + 1, key, value));
            default:
                throw new InvalidOperationException("unknown node");
        }
    }

    private static Node? Delete(Node? node, int depth, Hash32 key)
    {
        switch (node)
        {
            case null:
                return null;
            case Leaf leaf:
                return leaf.Key == key ? null : leaf;
            case Branch b:
                var left = Bit(key, depth) == 0 ? Delete(b.Left, depth + 1, key) : b.Left;
                var right = Bit(key, depth) == 1 ? Delete(b.Right, depth + 1, key) : b.Right;
                // A subtree left with one key shrinks back to a single leaf (same hash, less storage).
                return (left, right) switch
                {
                    (null, null) => null,
                    (Leaf l, null) => l.Moved(depth),
                    (null, Leaf r) => r.Moved(depth),
                    _ => Branch.Of(depth, left, right),
                };
            default:
                throw new InvalidOperationException("unknown node");
        }
    }

    /// <summary>The hash of a subtree rooted at <paramref name="depth"/> holding only this key.</summary>
    private static Hash32 ChainHash(Hash32 key, Hash32 value, int depth)
    {
        Span<byte> keyBytes = stackalloc byte[Hash32.Size];
        key.CopyTo(keyBytes);
        var hash = LeafHash(key, value);
        for (int level = Depth - 1; level >= depth; level--)
            hash = ((keyBytes[level >> 3] >> (7 - (level & 7))) & 1) == 0
                ? NodeHash(hash, DefaultHashes[level + 1])
                : NodeHash(DefaultHashes[level + 1], hash);
        return hash;
    }

    private static Hash32 Hash(byte[] prefix, Hash32 first, Hash32 second)
    {
        // Same bytes as Sha256.HashTagged(domain, first ‖ second), without its per-call allocations.
        Span<byte> buffer = stackalloc byte[prefix.Length + 2 * Hash32.Size];
        prefix.CopyTo(buffer);
        first.CopyTo(buffer[prefix.Length..]);
        second.CopyTo(buffer[(prefix.Length + Hash32.Size)..]);
        Span<byte> digest = stackalloc byte[Hash32.Size];
        SHA256.HashData(buffer, digest);
        return new Hash32(digest);
    }

    private static byte[] Prefix(string domain)
    {
        var bytes = Encoding.UTF8.GetBytes(domain);
        return [(byte)bytes.Length, .. bytes];
    }

    private static Hash32[] BuildDefaults()
    {
        var defaults = new Hash32[Depth + 1];
        defaults[Depth] = Hash32.Zero;
        for (int d = Depth - 1; d >= 0; d--) defaults[d] = NodeHash(defaults[d + 1], defaults[d + 1]);
        return defaults;
    }

    private abstract class Node
    {
        public abstract Hash32 Hash { get; }
    }

    private sealed class Leaf(Hash32 key, Hash32 value, int depth) : Node
    {
        private Hash32? _hash; // computed on first use: a leaf pushed further down during an insert is never hashed

        public Hash32 Key { get; } = key;
        public Hash32 Value { get; } = value;
        public override Hash32 Hash => _hash ??= ChainHash(Key, Value, depth);
        public Leaf Moved(int newDepth) => new(Key, Value, newDepth);
    }

    private sealed class Branch : Node
    {
        private Branch(int depth, Node? left, Node? right)
        {
            Depth = depth;
            Left = left;
            Right = right;
            Hash = NodeHash(left?.Hash ?? DefaultHashes[depth + 1], right?.Hash ?? DefaultHashes[depth + 1]);
        }

        public int Depth { get; }
        public Node? Left { get; }
        public Node? Right { get; }
        public override Hash32 Hash { get; }

        public static Branch Of(int depth, Node? left, Node? right) => new(depth, left, right);
    }
}
