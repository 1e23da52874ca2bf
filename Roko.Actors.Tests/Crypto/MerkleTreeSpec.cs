using Roko.Actors.Crypto;
using Roko.Actors.Primitives;
using Xunit;

namespace Roko.Actors.Tests.Crypto;

public class MerkleTreeSpec
{
    private static Hash32 Value(int i) => Sha256.Hash([(byte)i, (byte)(i >> 8)]);
    private static Hash32[] Values(int n) => Enumerable.Range(0, n).Select(Value).ToArray();

    private static Hash32 Leaf(Hash32 v) => Sha256.Hash([0x00, .. v.ToArray()]);
    private static Hash32 Node(Hash32 l, Hash32 r) => Sha256.Hash([0x01, .. l.ToArray(), .. r.ToArray()]);

    // Written from the stated rule, independently of MerkleTree: split at the largest power of two below n.
    private static Hash32 Reference(ReadOnlySpan<Hash32> values)
    {
        if (values.Length == 0) return Sha256.Hash([]);
        if (values.Length == 1) return Leaf(values[0]);
        int k = 1;
        while (k * 2 < values.Length) k *= 2;
        return Node(Reference(values[..k]), Reference(values[k..]));
    }

    [Fact]
    public void Root_should_follow_the_stated_shape_for_small_trees()
    {
        var v = Values(5);
        Assert.Equal(Sha256.Hash([]), MerkleTree.Root([]));
        Assert.Equal(MerkleTree.EmptyRoot, MerkleTree.Root([]));
        Assert.Equal(Leaf(v[0]), MerkleTree.Root(v[..1]));
        Assert.Equal(Node(Leaf(v[0]), Leaf(v[1])), MerkleTree.Root(v[..2]));
        Assert.Equal(Node(Node(Leaf(v[0]), Leaf(v[1])), Leaf(v[2])), MerkleTree.Root(v[..3]));
        Assert.Equal(Node(Node(Leaf(v[0]), Leaf(v[1])), Node(Leaf(v[2]), Leaf(v[3]))), MerkleTree.Root(v[..4]));
        Assert.Equal(Node(Node(Node(Leaf(v[0]), Leaf(v[1])), Node(Leaf(v[2]), Leaf(v[3]))), Leaf(v[4])), MerkleTree.Root(v));
    }

    [Theory]
    [InlineData(0)] [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(4)]
    [InlineData(5)] [InlineData(6)] [InlineData(7)] [InlineData(8)] [InlineData(9)]
    public void Root_should_match_the_reference_rule_for_zero_to_nine_leaves(int n)
    {
        Assert.Equal(Reference(Values(n)), MerkleTree.Root(Values(n)));
    }

    [Fact]
    public void Root_should_never_duplicate_a_lone_node()
    {
        var v = Values(3);
        Assert.NotEqual(MerkleTree.Root([v[0], v[1], v[2], v[2]]), MerkleTree.Root(v));
    }

    [Fact]
    public void Root_should_depend_on_leaf_order()
    {
        var v = Values(2);
        Assert.NotEqual(MerkleTree.Root([v[0], v[1]]), MerkleTree.Root([v[1], v[0]]));
    }

    public static TheoryData<int> Sizes1To17 => [.. Enumerable.Range(1, 17)];

    [Theory]
    [MemberData(nameof(Sizes1To17))]
    public void Proofs_should_verify_for_every_index(int n)
    {
        var v = Values(n);
        var root = MerkleTree.Root(v);
        for (int i = 0; i < n; i++)
        {
            var proof = MerkleTree.Prove(v, i);
            Assert.Equal(i, proof.Index);
            Assert.Equal(n, proof.LeafCount);
            Assert.True(MerkleTree.Verify(root, v[i], proof), $"index {i} of {n}");
        }
    }

    [Theory]
    [MemberData(nameof(Sizes1To17))]
    public void Proofs_should_fail_when_leaf_sibling_index_or_root_is_tampered(int n)
    {
        var v = Values(n);
        var root = MerkleTree.Root(v);
        for (int i = 0; i < n; i++)
        {
            var proof = MerkleTree.Prove(v, i);
            Assert.False(MerkleTree.Verify(root, Value(1000), proof));
            Assert.False(MerkleTree.Verify(Value(1000), v[i], proof));
            for (int s = 0; s < proof.Siblings.Count; s++)
            {
                var siblings = proof.Siblings.ToArray();
                siblings[s] = Value(2000);
                Assert.False(MerkleTree.Verify(root, v[i], proof with { Siblings = siblings }));
            }
            if (proof.Siblings.Count > 0)
            {
                Assert.False(MerkleTree.Verify(root, v[i], proof with { Siblings = proof.Siblings.Skip(1).ToArray() }));
                Assert.False(MerkleTree.Verify(root, v[i], proof with { Siblings = [.. proof.Siblings, Value(3)] }));
            }
            for (int j = 0; j < n; j++)
                if (j != i) Assert.False(MerkleTree.Verify(root, v[i], proof with { Index = j }), $"leaf {i} claimed at {j} of {n}");
            Assert.False(MerkleTree.Verify(root, v[i], proof with { Index = -1 }));
            Assert.False(MerkleTree.Verify(root, v[i], proof with { Index = n }));
        }
    }

    [Theory]
    [MemberData(nameof(Sizes1To17))]
    public void Proofs_should_fail_when_the_leaf_count_changes_the_path_shape(int n)
    {
        var v = Values(n);
        var root = MerkleTree.Root(v);
        Assert.False(MerkleTree.Verify(root, v[0], MerkleTree.Prove(v, 0) with { LeafCount = 0 }));
        foreach (int count in new[] { n - 1, n + 1, 2 * n + 1 })
        {
            if (count <= 0) continue;
            for (int i = 0; i < Math.Min(n, count); i++)
            {
                var proof = MerkleTree.Prove(v, i);
                var shapeUnderCount = MerkleTree.Prove(Values(count), i);
                bool sameShape = shapeUnderCount.Siblings.Count == proof.Siblings.Count && SameDirections(i, n, count);
                if (!sameShape)
                    Assert.False(MerkleTree.Verify(root, v[i], proof with { LeafCount = count }), $"index {i}: {n} claimed as {count}");
            }
        }
    }

    // The left/right turn sequence a proof of index i takes in a tree of n leaves.
    private static bool SameDirections(int i, int n, int m)
    {
        static List<bool> Turns(int index, int count)
        {
            var turns = new List<bool>();
            while (count > 1)
            {
                int k = 1;
                while (k * 2 < count) k *= 2;
                if (index < k) { turns.Add(false); count = k; }
                else { turns.Add(true); index -= k; count -= k; }
            }
            return turns;
        }
        return Turns(i, n).SequenceEqual(Turns(i, m));
    }

    [Fact]
    public void Prove_should_refuse_an_index_outside_the_leaves()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleTree.Prove(Values(3), 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleTree.Prove(Values(3), -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleTree.Prove([], 0));
    }

    [Fact]
    public void Leaf_and_node_hashes_should_be_domain_separated()
    {
        var a = Value(1);
        var b = Value(2);
        // The same 64 bytes hashed as a node and with the leaf prefix differ, and neither is the plain hash.
        Span<byte> both = stackalloc byte[64];
        a.CopyTo(both);
        b.CopyTo(both[32..]);
        Assert.NotEqual(MerkleTree.NodeHash(a, b), Sha256.Hash([0x00, .. both]));
        Assert.NotEqual(MerkleTree.NodeHash(a, b), Sha256.Hash(both));
        Assert.NotEqual(MerkleTree.LeafHash(a), Sha256.Hash(a.ToArray()));
        Assert.Equal(Leaf(a), MerkleTree.LeafHash(a));
        Assert.Equal(Node(a, b), MerkleTree.NodeHash(a, b));
        // A two-leaf root cannot be passed off as a one-leaf tree over the inner node.
        var inner = MerkleTree.NodeHash(MerkleTree.LeafHash(a), MerkleTree.LeafHash(b));
        Assert.NotEqual(MerkleTree.Root([a, b]), MerkleTree.Root([inner]));
    }
}
