using System.Collections.Immutable;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Consensus;

/// <summary>A block as it is proposed and voted on: header and transactions, before its commit certificate exists.</summary>
public sealed record ProposedBlock(BlockHeader Header, ImmutableArray<Transaction> Transactions)
{

    public Hash32 Hash => Header.Hash;
    public ulong Height => Header.Height;

    public static ProposedBlock From(AssembledBlock assembled) => new(assembled.Header, assembled.Transactions);

    public Block WithCommit(CommitCertificate commit) => new(Header, Transactions, commit);

    /// <summary>Header, then <c>u32 count ‖ count × transaction</c> (inside a proposal and a signing record).</summary>
    public void WriteTo(CanonicalWriter writer)
    {
        Header.WriteTo(writer);
        writer.WriteCount(Transactions.Length);
        foreach (var tx in Transactions) tx.WriteTo(writer);
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote; a bad count is reported as <c><paramref name="field"/>.transactions</c>.</summary>
    public static ProposedBlock ReadFrom(ref CanonicalReader reader, string field)
    {
        var header = BlockHeader.ReadFrom(ref reader);
        int count = reader.ReadCount(field + ".transactions", Block.MaxEncodedSize / Transaction.MinEncodedSize, Transaction.MinEncodedSize);
        var txs = ImmutableArray.CreateBuilder<Transaction>(count);
        for (int i = 0; i < count; i++) txs.Add(Transaction.ReadFrom(ref reader));
        return new ProposedBlock(header, txs.MoveToImmutable());
    }
}
