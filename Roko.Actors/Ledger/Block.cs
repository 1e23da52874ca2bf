using System.Collections.Immutable;
using Roko.Actors.Primitives;

namespace Roko.Actors.Ledger;

/// <summary>A header, its transactions in (timestamp, id) order, and the commit certificate that makes it final.</summary>
public sealed record Block(BlockHeader Header, ImmutableArray<Transaction> Transactions, CommitCertificate Commit)
{
    public const byte Version = 1;
    /// <summary>Smallest sensible block size limit: an empty block with a few signatures.</summary>
    public const int MinimumSize = 1024;
    /// <summary>Hard ceiling on any encoded block accepted from disk or the wire.</summary>
    public const int MaxEncodedSize = 64 * 1024 * 1024;

    public Hash32 Hash => Header.Hash;
    public ulong Height => Header.Height;

    public static Hash32 TransactionRoot(IReadOnlyList<Transaction> transactions) =>
        Crypto.MerkleTree.Root(transactions.Select(t => t.Id).ToArray());

    public void WriteTo(CanonicalWriter writer)
    {
        writer.Header(CanonicalTag.Block, Version);
        Header.WriteTo(writer);
        writer.WriteCount(Transactions.Length);
        foreach (var tx in Transactions) tx.WriteTo(writer);
        Commit.WriteTo(writer);
    }

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(512 + Transactions.Length * 200);
        WriteTo(writer);
        return writer.ToArray();
    }

    public static Block Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxEncodedSize)
            throw new CanonicalDecodingException("block", $"size {bytes.Length} exceeds the limit of {MaxEncodedSize} bytes");
        var reader = new CanonicalReader(bytes);
        reader.Header(CanonicalTag.Block, Version, "block");
        var header = BlockHeader.ReadFrom(ref reader);
        int count = reader.ReadCount("block.transactions", MaxEncodedSize / Transaction.MinEncodedSize, Transaction.MinEncodedSize);
        var txs = ImmutableArray.CreateBuilder<Transaction>(count);
        for (int i = 0; i < count; i++)
        {
            try
            {
                txs.Add(Transaction.ReadFrom(ref reader));
            }
            catch (CanonicalDecodingException e)
            {
                throw new CanonicalDecodingException($"block.transactions[{i}].{e.Field}", e.Reason);
            }
        }
        var commit = CommitCertificate.ReadFrom(ref reader);
        reader.End("block");
        return new Block(header, txs.MoveToImmutable(), commit);
    }
}
