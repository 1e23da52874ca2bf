using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Mempool;

/// <summary>The candidates for one block: the merged slice and the cutoff it actually covers.</summary>
/// <param name="Cutoff">The requested cutoff when the whole slice fitted; otherwise the timestamp of the last
/// transaction taken, so the rest of the slice stays open for the next block.</param>
public sealed record MergedSlice(IReadOnlyList<Transaction> Transactions, NanoMoment Cutoff, bool Truncated);

/// <summary>
/// Block assembly's k-way merge of the shards' slices: each shard hands its pending transactions in (timestamp, id)
/// order; the merge takes them across all shards in that same order, only inside the time slice
/// <c>(after, cutoff]</c>, and stops before the block's transaction or byte limit would be exceeded.
/// </summary>
public static class SliceMerge
{
    public static MergedSlice Merge(IReadOnlyList<IReadOnlyList<Transaction>> slices, NanoMoment after, NanoMoment cutoff,
        int maxTransactions, long maxBytes)
    {
        if (maxTransactions <= 0) throw new ArgumentOutOfRangeException(nameof(maxTransactions), maxTransactions, "a block holds at least one transaction");
        if (maxBytes < Transaction.MaxEncodedSize)
            throw new ArgumentOutOfRangeException(nameof(maxBytes), maxBytes, $"a block has room for at least one transaction of {Transaction.MaxEncodedSize} bytes");

        var heads = new PriorityQueue<(int Slice, int Index), (NanoMoment Timestamp, Hash32 Id)>();
        for (int s = 0; s < slices.Count; s++)
        {
            CheckOrdered(slices[s], s);
            int first = FirstAfter(slices[s], after);
            if (first < slices[s].Count) heads.Enqueue((s, first), Key(slices[s][first]));
        }

        var merged = new List<Transaction>();
        long bytes = 0;
        while (heads.TryDequeue(out var head, out var key))
        {
            if (key.Timestamp > cutoff) break; // the smallest head is past the slice, so all are
            var tx = slices[head.Slice][head.Index];
            int size = tx.Encode().Length;
            if (merged.Count >= maxTransactions || bytes + size > maxBytes)
                return new MergedSlice(merged, merged.Count > 0 ? merged[^1].Timestamp : after, Truncated: true);
            merged.Add(tx);
            bytes += size;
            int next = head.Index + 1;
            if (next < slices[head.Slice].Count) heads.Enqueue((head.Slice, next), Key(slices[head.Slice][next]));
        }
        return new MergedSlice(merged, cutoff, Truncated: false);
    }

    private static (NanoMoment, Hash32) Key(Transaction tx) => (tx.Timestamp, tx.Id);

    private static int FirstAfter(IReadOnlyList<Transaction> slice, NanoMoment after)
    {
        int i = 0;
        while (i < slice.Count && slice[i].Timestamp <= after) i++;
        return i;
    }

    private static void CheckOrdered(IReadOnlyList<Transaction> slice, int index)
    {
        for (int i = 1; i < slice.Count; i++)
            if (Transaction.CompareByTime(slice[i - 1], slice[i]) >= 0)
                throw new ArgumentException($"slice {index} is not in strict (timestamp, id) order at position {i}", "slices");
    }
}
