using System.Collections.Immutable;
using FsCheck.Xunit;
using Roko.Actors.Crypto;
using Roko.Actors.Primitives;
using Xunit;

namespace Roko.Actors.Tests.Crypto;

public class SparseMerkleTreeSpec
{
    private static Hash32 Key(int i) => Sha256.Hash(BitConverter.GetBytes(i));
    private static Hash32 Value(int i) => Sha256.Hash(BitConverter.GetBytes(~i));

    private static Hash32 Tagged(string domain, Hash32 a, Hash32 b) => Sha256.HashTagged(domain, [.. a.ToArray(), .. b.ToArray()]);

    // Written from the stated rule, independently of SparseMerkleTree: a full 256-level recursion with default hashes.
    private static Hash32 Reference(IReadOnlyDictionary<Hash32, Hash32> entries)
    {
        var defaults = new Hash32[257];
        for (int d = 255; d >= 0; d--) defaults[d] = Tagged("roko/smt/node/v1", defaults[d + 1], defaults[d + 1]);
        Hash32 Root(int depth, List<KeyValuePair<Hash32, Hash32>> under)
        {
            if (under.Count == 0) return defaults[depth];
            if (depth == 256) return Tagged("roko/smt/leaf/v1", under[0].Key, under[0].Value);
            var left = under.Where(e => (e.Key.ToArray()[depth / 8] >> (7 - depth % 8) & 1) == 0).ToList();
            var right = under.Except(left).ToList();
            return Tagged("roko/smt/node/v1", Root(depth + 1, left), Root(depth + 1, right));
        }
        return Root(0, [.. entries]);
    }

    private static SparseMerkleTree TreeOf(IEnumerable<int> keys) =>
        keys.Aggregate(SparseMerkleTree.Empty, (tree, k) => tree.Set(Key(k), Value(k)));

    [Fact]
    public void Empty_tree_should_have_the_default_root_of_depth_zero()
    {
        Assert.Equal(Reference(new Dictionary<Hash32, Hash32>()), SparseMerkleTree.Empty.Root);
        Assert.Equal(SparseMerkleTree.DefaultHashes[0], SparseMerkleTree.Empty.Root);
        Assert.Equal(Hash32.Zero, SparseMerkleTree.DefaultHashes[256]);
    }

    [Fact]
    public void Root_should_equal_the_full_depth_reference_for_small_trees()
    {
        for (int n = 1; n <= 6; n++)
        {
            var keys = Enumerable.Range(0, n).ToList();
            Assert.Equal(Reference(keys.ToDictionary(Key, Value)), TreeOf(keys).Root);
        }
    }

    [Fact]
    public void Root_should_equal_the_reference_when_two_keys_share_a_long_prefix()
    {
        var a = new byte[32];
        var b = new byte[32];
        b[31] = 1; // the paths part only at the last level
        var entries = new Dictionary<Hash32, Hash32> { [new Hash32(a)] = Value(1), [new Hash32(b)] = Value(2) };
        var tree = SparseMerkleTree.Empty.Set(new Hash32(a), Value(1)).Set(new Hash32(b), Value(2));
        Assert.Equal(Reference(entries), tree.Root);
        Assert.True(SparseMerkleTree.Verify(tree.Root, new Hash32(b), Value(2), tree.Prove(new Hash32(b))));
    }

    [Property(MaxTest = 60)]
    public bool Root_should_not_depend_on_insertion_order_or_removed_keys(int[] keys, int[] removed)
    {
        var distinct = keys.Distinct().ToList();
        var tree = TreeOf(distinct.Concat(removed));
        foreach (var r in removed.Distinct().Except(distinct)) tree = tree.Remove(Key(r));
        var reversed = TreeOf(Enumerable.Reverse(distinct));
        return tree.Root == reversed.Root && tree.Count == distinct.Count;
    }

    [Property(MaxTest = 60)]
    public bool Proofs_should_verify_for_present_and_absent_keys(int[] keys, int[] probes)
    {
        var present = keys.Distinct().ToHashSet();
        var tree = TreeOf(present);
        foreach (var k in present)
        {
            var proof = tree.Prove(Key(k));
            if (!SparseMerkleTree.Verify(tree.Root, Key(k), Value(k), proof)) return false;
            if (SparseMerkleTree.Verify(tree.Root, Key(k), null, proof)) return false;
            if (SparseMerkleTree.Verify(tree.Root, Key(k), Value(k + 1), proof)) return false;
        }
        foreach (var k in probes.Where(p => !present.Contains(p)))
        {
            var proof = tree.Prove(Key(k));
            if (!SparseMerkleTree.Verify(tree.Root, Key(k), null, proof)) return false;
            if (SparseMerkleTree.Verify(tree.Root, Key(k), Value(k), proof)) return false;
        }
        return true;
    }

    [Property(MaxTest = 60)]
    public bool Tampered_proofs_should_fail(int[] keys, int probe, byte position)
    {
        var tree = TreeOf(keys.Append(probe).Distinct());
        var proof = tree.Prove(Key(probe));
        var bytes = proof.Encode();
        bytes[position % bytes.Length] ^= (byte)(1 << (position % 8));
        SparseMerkleProof tampered;
        try
        {
            tampered = SparseMerkleProof.Decode(bytes);
        }
        catch (CanonicalDecodingException)
        {
            return true; // refused as malformed
        }
        return !SparseMerkleTree.Verify(tree.Root, Key(probe), Value(probe), tampered);
    }

    [Fact]
    public void Proof_from_another_root_should_fail()
    {
        var tree = TreeOf([1, 2, 3]);
        var changed = tree.Set(Key(2), Value(99));
        Assert.False(SparseMerkleTree.Verify(changed.Root, Key(1), Value(1), tree.Prove(Key(1))));
        Assert.True(SparseMerkleTree.Verify(changed.Root, Key(1), Value(1), changed.Prove(Key(1))));
    }

    [Fact]
    public void Proof_encoding_should_round_trip_and_be_bitmap_plus_siblings()
    {
        var tree = TreeOf(Enumerable.Range(0, 20));
        var proof = tree.Prove(Key(7));
        var bytes = proof.Encode();
        Assert.Equal(32 + 32 * proof.Siblings.Length, bytes.Length);
        Assert.Equal(proof, SparseMerkleProof.Decode(bytes));
        Assert.InRange(proof.Siblings.Length, 1, 12); // about log2(20) non-default siblings out of 256
    }

    [Fact]
    public void Decoding_should_refuse_a_bitmap_that_does_not_match_the_siblings()
    {
        var bytes = TreeOf([1, 2]).Prove(Key(1)).Encode();
        var e = Assert.Throws<CanonicalDecodingException>(() => SparseMerkleProof.Decode(bytes[..^32]));
        Assert.Contains("proof", e.Message);
        Assert.Throws<CanonicalDecodingException>(() => SparseMerkleProof.Decode(bytes[..31]));
    }

    [Fact]
    public void Verify_should_refuse_a_proof_with_a_default_sibling_listed()
    {
        var bitmap = new byte[32];
        bitmap[31] = 1; // level 255 listed ...
        var proof = new SparseMerkleProof([.. bitmap], [SparseMerkleTree.DefaultHashes[256]]); // ... with the default hash
        Assert.False(proof.IsWellFormed);
        Assert.False(SparseMerkleTree.Verify(SparseMerkleTree.Empty.Root, Key(1), null, proof));
        Assert.True(SparseMerkleTree.Verify(SparseMerkleTree.Empty.Root, Key(1), null,
            new SparseMerkleProof([.. new byte[32]], ImmutableArray<Hash32>.Empty)));
    }
}
