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
}
