namespace Roko.Actors.LightClient;

/// <summary>Why a light client refused a header; every verification rule has its own reason.</summary>
public enum LightRefusalReason
{
    /// <summary>The header is for another chain than the trusted one.</summary>
    WrongChain,
    /// <summary>The header is not above the trusted height (or not at the height asked for).</summary>
    NotNewer,
    /// <summary>Block time does not advance past the trusted header's.</summary>
    TimeNotAdvancing,
    /// <summary>Block time lies beyond now plus the allowed clock drift.</summary>
    HeaderFromFuture,
    /// <summary>The trusted state is older than the trusting period: a new checkpoint is needed.</summary>
    TrustedStateExpired,
    /// <summary>An adjacent header's previous hash is not the trusted header's hash.</summary>
    BrokenHashLink,
    /// <summary>The served validator set does not hash to the header's validator-set hash.</summary>
    WrongValidatorSetHash,
    /// <summary>The certificate is for another height or block than the header.</summary>
    CommitForOtherBlock,
    /// <summary>Certificate entries are not sorted by validator or repeat one.</summary>
    MalformedCommit,
    /// <summary>A signer is not in the header's validator set.</summary>
    UnknownSigner,
    /// <summary>A precommit signature does not verify.</summary>
    BadSignature,
    /// <summary>The signers hold two thirds or less of the header's validator set's stake.</summary>
    NotEnoughStake,
    /// <summary>Skipping (or a validator-set change): signers from the trusted set hold one third or less of its stake.</summary>
    NotEnoughTrustedStake,
    /// <summary>A witness holds a different header at the same height: the primary (or the witness) lies.</summary>
    ConflictingWitness,
    /// <summary>A witness served a verifying header well above the head the primary claims: the primary withholds headers.</summary>
    WithholdingPrimary,
    /// <summary>The provider has no block for a height the verification needs.</summary>
    MissingBlock,
    /// <summary>The served header is not the checkpoint's (height and hash).</summary>
    CheckpointMismatch,
    /// <summary>What the provider served does not decode (header, certificate, validator set or proof).</summary>
    Undecodable,
    /// <summary>An account proof does not lead to the verified header's state root.</summary>
    BadProof,
    /// <summary>The provider did not answer in time or said it cannot serve the request.</summary>
    NoAnswer,
}

/// <summary>A refusal: the rule that failed and the specifics (which signer, which hashes, how much stake).</summary>
public sealed record LightRefusal(LightRefusalReason Reason, string Detail)
{
    public override string ToString() => $"{Reason}: {Detail}";
}
