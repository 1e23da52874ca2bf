namespace Roko.Actors.Ledger;

/// <summary>
/// Whether duplicate-vote evidence may be committed in the block after <paramref name="state"/> (docs/consensus.md
/// §Evidence): the votes share validator, type, chain, height and round; they name different blocks; it is for this
/// chain; its height is not after the block and at most evidence_max_age_heights before it; the signer was a
/// validator at that height and has not been punished yet; both signatures verify (checked last, being the dearest).
/// </summary>
public static class EvidenceCheck
{
    public static LedgerError? Check(LedgerState state, DuplicateVoteEvidence evidence)
    {
        var (a, b) = (evidence.First, evidence.Second);
        if (a.Validator != b.Validator || a.Type != b.Type || a.ChainId != b.ChainId || a.Height != b.Height || a.Round != b.Round)
            return new(LedgerErrorCode.EvidenceMismatchedVotes, "the two votes differ in validator, type, chain, height or round");
        if (a.BlockHash.CompareTo(b.BlockHash) >= 0)
            return new(LedgerErrorCode.EvidenceNotConflicting, "the votes name the same block or are not in canonical order");
        if (a.ChainId != state.ChainId)
            return new(LedgerErrorCode.EvidenceWrongChain, $"evidence is for chain '{a.ChainId}', this chain is '{state.ChainId}'");
        ulong blockHeight = state.Height + 1;
        if (a.Height > blockHeight)
            return new(LedgerErrorCode.EvidenceFromTheFuture, $"votes at height {a.Height}, the block is {blockHeight}");
        if (blockHeight - a.Height > state.Parameters.EvidenceMaxAgeHeights)
            return new(LedgerErrorCode.EvidenceTooOld, $"votes at height {a.Height} are more than {state.Parameters.EvidenceMaxAgeHeights} heights before block {blockHeight}");
        if (state.Tombstoned.Contains(a.Validator))
            return new(LedgerErrorCode.EvidenceAlreadyPunished, $"{a.Validator.Bytes.Short} was already slashed for double signing");
        if (state.ValidatorsAt(a.Height) is not { } validators || !validators.Contains(a.Validator))
            return new(LedgerErrorCode.EvidenceNotAValidator, $"{a.Validator.Bytes.Short} was not a validator at height {a.Height}");
        if (!a.VerifySignature() || !b.VerifySignature())
            return new(LedgerErrorCode.EvidenceBadSignature, $"a vote signature of {a.Validator.Bytes.Short} does not verify");
        return null;
    }
}
