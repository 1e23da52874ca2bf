using Roko.Actors.Ledger;

namespace Roko.Actors.LightClient;

/// <summary>
/// What a light client is served for one height: the header, its commit certificate, and the validator set that
/// signed it (which must hash to the header's <see cref="BlockHeader.ValidatorSetHash"/>).
/// </summary>
public sealed record LightBlock(BlockHeader Header, CommitCertificate Commit, ValidatorSet Validators)
{
    public ulong Height => Header.Height;

    public static LightBlock Of(Block block, ValidatorSet validators) => new(block.Header, block.Commit, validators);
}
