using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Forks;

/// <summary>A block header with the commit certificate that claims it final: what two of make a fork.</summary>
public sealed record CertifiedHeader(BlockHeader Header, CommitCertificate Commit)
{
    public ulong Height => Header.Height;
    public Hash32 Hash => Header.Hash;

    public static CertifiedHeader Of(Block block) => new(block.Header, block.Commit);

    public override string ToString() => $"{Hash.Short} (round {Commit.Round}, {Commit.Signatures.Length} signature(s))";
}
