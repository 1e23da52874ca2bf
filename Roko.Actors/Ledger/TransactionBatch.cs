using System.Collections.Immutable;
using Roko.Actors.Primitives;

namespace Roko.Actors.Ledger;

/// <summary>
/// The payload of one transaction-gossip message: a node's newly admitted transactions, sent together so one envelope
/// (one signature made, one checked per receiver) carries many instead of one each. A single transaction is sent in its
/// own encoding (<see cref="Transaction.Encode"/>), as before batches existed; <see cref="Decode"/> reads either, told
/// apart by the canonical tag in the first byte.
/// </summary>
public static class TransactionBatch
{
    public const byte Version = 1;
    /// <summary>Most transactions one batch may carry: 1,024 at most 512 bytes each stays far below the envelope limit.</summary>
    public const int MaxTransactions = 1024;

    /// <summary>One transaction in its own encoding, several as a batch.</summary>
    public static byte[] Encode(IReadOnlyList<Transaction> transactions)
    {
        if (transactions.Count == 0) throw new ArgumentException("a batch holds at least one transaction", nameof(transactions));
        if (transactions.Count > MaxTransactions)
            throw new ArgumentException($"{transactions.Count} transactions, a batch holds at most {MaxTransactions}", nameof(transactions));
        if (transactions.Count == 1) return transactions[0].Encode();
        var writer = new CanonicalWriter(16 + transactions.Count * 200);
        writer.Header(CanonicalTag.TransactionBatch, Version).WriteCount(transactions.Count);
        foreach (var tx in transactions) tx.WriteTo(writer);
        return writer.ToArray();
    }

    /// <summary>The transactions of a gossip payload: a batch, or one transaction on its own.</summary>
    /// <exception cref="CanonicalDecodingException">Not a well-formed batch or transaction; names the element that is not.</exception>
    public static ImmutableArray<Transaction> Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) throw new CanonicalDecodingException("transactions", "empty payload");
        if (bytes[0] != (byte)CanonicalTag.TransactionBatch) return [Transaction.Decode(bytes)];
        var reader = new CanonicalReader(bytes);
        reader.Header(CanonicalTag.TransactionBatch, Version, "transactions");
        int count = reader.ReadCount("transactions", MaxTransactions, Transaction.MinEncodedSize);
        if (count < 2) throw new CanonicalDecodingException("transactions.count", $"a batch holds at least 2 transactions, got {count}");
        var txs = ImmutableArray.CreateBuilder<Transaction>(count);
        for (int i = 0; i < count; i++)
        {
            int before = reader.Position;
            Transaction tx;
            try
            {
                tx = Transaction.ReadFrom(ref reader);
            }
            catch (CanonicalDecodingException e)
            {
                throw new CanonicalDecodingException($"transactions[{i}].{e.Field}", e.Reason);
            }
            if (reader.Position - before > Transaction.MaxEncodedSize)
                throw new CanonicalDecodingException($"transactions[{i}]", $"size {reader.Position - before} exceeds the limit of {Transaction.MaxEncodedSize} bytes");
            txs.Add(tx);
        }
        reader.End("transactions");
        return txs.MoveToImmutable();
    }
}
