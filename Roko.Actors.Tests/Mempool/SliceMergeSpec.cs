using FsCheck.Xunit;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Mempool;
using Roko.Actors.Primitives;
using Roko.Actors.Tests.Builders;
using Xunit;

namespace Roko.Actors.Tests.Mempool;

public class SliceMergeSpec
{
    private static readonly Comparer<Transaction> ByTime = Comparer<Transaction>.Create(Transaction.CompareByTime);
    private static readonly int TxBytes = At(0).Encode().Length;

    /// <summary>A transaction at genesis + <paramref name="nanos"/>; the merge never looks at signatures, so none is made.</summary>
    private static Transaction At(long nanos, ulong amount = 1) =>
        new(ChainBuilder.DefaultChainId, Keys.Alice.PublicKey, Moments.Genesis.AddNanoseconds(nanos),
            new TransferPayload(Keys.Bob.PublicKey.ToAddress(), new Amount(amount)), default(Signature));

    private static NanoMoment T(long nanos) => Moments.Genesis.AddNanoseconds(nanos);

    [Fact]
    public void Merge_should_interleave_the_shards_in_timestamp_order_inside_the_slice()
    {
        IReadOnlyList<Transaction>[] slices = [[At(0), At(4), At(8)], [At(1), At(5), At(9)], [], [At(3), At(7)]];

        var merged = SliceMerge.Merge(slices, after: T(0), cutoff: T(8), maxTransactions: 100, maxBytes: 1 << 20);

        Assert.Equal(new[] { At(1), At(3), At(4), At(5), At(7), At(8) }, merged.Transactions);
        Assert.Equal(T(8), merged.Cutoff);
        Assert.False(merged.Truncated);
    }

    [Fact]
    public void Merge_should_order_one_nanosecond_by_id()
    {
        var a = At(5, amount: 1);
        var b = At(5, amount: 2);
        var (first, second) = a.Id.CompareTo(b.Id) < 0 ? (a, b) : (b, a);

        var merged = SliceMerge.Merge([[second], [first]], T(0), T(10), 100, 1 << 20);

        Assert.Equal(new[] { first, second }, merged.Transactions);
    }

    [Fact]
    public void Merge_should_stop_at_the_transaction_limit_and_pull_the_cutoff_back_to_the_last_taken()
    {
        var merged = SliceMerge.Merge([[At(2), At(4)], [At(1), At(3)]], T(0), T(10), maxTransactions: 3, maxBytes: 1 << 20);

        Assert.Equal(new[] { At(1), At(2), At(3) }, merged.Transactions);
        Assert.Equal(T(3), merged.Cutoff);
        Assert.True(merged.Truncated);
    }

    [Fact]
    public void Merge_should_stop_at_the_byte_limit()
    {
        long maxBytes = Transaction.MaxEncodedSize + TxBytes - 1;
        int fits = (int)(maxBytes / TxBytes);
        IReadOnlyList<Transaction>[] slices = [[.. Enumerable.Range(0, 10).Select(i => At(2 * i + 1))], [.. Enumerable.Range(0, 10).Select(i => At(2 * i + 2))]];

        var merged = SliceMerge.Merge(slices, T(0), T(100), maxTransactions: 100, maxBytes: maxBytes);

        Assert.Equal(Enumerable.Range(1, fits).Select(i => At(i)), merged.Transactions);
        Assert.Equal(T(fits), merged.Cutoff);
        Assert.True(merged.Truncated);
    }

    [Fact]
    public void Merge_should_refuse_unordered_slices_and_limits_with_no_room()
    {
        Assert.Throws<ArgumentException>(() => SliceMerge.Merge([[At(4), At(2)]], T(0), T(10), 10, 1 << 20));
        Assert.Throws<ArgumentOutOfRangeException>(() => SliceMerge.Merge([[At(4)]], T(0), T(10), 0, 1 << 20));
        Assert.Throws<ArgumentOutOfRangeException>(() => SliceMerge.Merge([[At(4)]], T(0), T(10), 10, Transaction.MaxEncodedSize - 1));
    }

    /// <summary>
    /// For any shards' slices: the merge equals sorting the union by (timestamp, id), keeping what lies in
    /// (after, cutoff], and taking the longest prefix within both limits; the cutoff is pulled back only when cut short.
    /// </summary>
    [Property(MaxTest = 300)]
    public bool Merge_should_equal_sorting_the_union_within_the_slice_and_limits(byte[][] shards, byte after, byte cutoff, byte maxTx, byte extraBytes)
    {
        var slices = (shards ?? []).Select((offsets, s) => (IReadOnlyList<Transaction>)(offsets ?? [])
                .Distinct()
                .Select(o => At(o, amount: (ulong)s + 1))
                .Order(ByTime)
                .ToList())
            .ToList();
        int maxTransactions = maxTx % 40 + 1;
        long maxBytes = Transaction.MaxEncodedSize + extraBytes * 16L;

        var merged = SliceMerge.Merge(slices, T(after), T(cutoff), maxTransactions, maxBytes);

        var inSlice = slices.SelectMany(s => s).Where(tx => tx.Timestamp > T(after) && tx.Timestamp <= T(cutoff)).Order(ByTime).ToList();
        var expected = new List<Transaction>();
        long bytes = 0;
        foreach (var tx in inSlice)
        {
            if (expected.Count == maxTransactions || bytes + tx.Encode().Length > maxBytes) break;
            expected.Add(tx);
            bytes += tx.Encode().Length;
        }
        bool truncated = expected.Count < inSlice.Count;
        return merged.Transactions.SequenceEqual(expected)
               && merged.Truncated == truncated
               && merged.Cutoff == (truncated ? expected[^1].Timestamp : T(cutoff))
               && merged.Transactions.Count <= maxTransactions
               && merged.Transactions.Sum(tx => (long)tx.Encode().Length) <= maxBytes;
    }
}
