using Roko.Actors.Ledger;

namespace Roko.Actors.Sync;

/// <summary>
/// What block sync checks before a fetched block goes to the chain store: it extends the tip (height, hash link) and
/// its commit certificate proves it under the validator set of its height — the set of the state it applies to.
/// The chain store then applies every other ledger rule.
/// </summary>
public static class SyncedBlockCheck
{
    public static SyncRefusal? Check(LedgerState tip, Block block)
    {
        var h = block.Header;
        if (h.Height != tip.Height + 1)
            return new(SyncRefusalReason.WrongHeight, h.Height, $"expected height {tip.Height + 1}");
        if (h.ChainId != tip.ChainId)
            return new(SyncRefusalReason.BrokenHashLink, h.Height, $"block of chain '{h.ChainId}', this chain is '{tip.ChainId}'");
        if (h.PreviousHash != tip.LastBlockHash)
            return new(SyncRefusalReason.BrokenHashLink, h.Height, $"previous hash {h.PreviousHash.Short}, our tip is {tip.LastBlockHash.Short}");
        var validators = tip.Validators;
        if (h.ValidatorSetHash != validators.Hash)
            return new(SyncRefusalReason.WrongValidatorSet, h.Height, $"validator set {h.ValidatorSetHash.Short}, height {h.Height}'s is {validators.Hash.Short}");
        return block.Commit.Verify(h, validators) is { } problem
            ? new(SyncRefusalReason.InvalidCommit, h.Height, problem)
            : null;
    }
}
