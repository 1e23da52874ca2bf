using Roko.Actors.Ledger;

namespace Roko.Actors.Forks;

/// <summary>Why two certified headers are not a fork.</summary>
public enum ForkDismissal
{
    /// <summary>Both name the same block.</summary>
    SameBlock,
    /// <summary>They are for different chains.</summary>
    OtherChain,
    /// <summary>They are for different heights (two heights each with one block are no fork).</summary>
    OtherHeight,
    /// <summary>The known side's certificate does not prove its block under the height's validator set.</summary>
    KnownInvalid,
    /// <summary>The candidate's certificate does not prove its block under the height's validator set (a forgery, not a fork).</summary>
    CandidateInvalid,
}

/// <summary>The verdict on two certified headers: the evidence of a fork, or why they are none.</summary>
public sealed record ForkVerdict(ForkEvidence? Evidence, ForkDismissal? Dismissal, string Detail)
{
    public bool IsFork => Evidence is not null;
}

/// <summary>
/// The fork rule, pure: two certified headers prove a fork when they are for one chain and one height, name different
/// blocks, and each commit certificate proves its block under the validator set of that height (precommits from more
/// than two thirds of its stake, every signature verified; <see cref="CommitCertificate.Verify"/>). Which node holds which
/// side does not matter: every source (gossip, block sync, a light node's witness, an archive) is judged by this rule.
/// </summary>
public static class ForkCheck
{
    /// <param name="known">The block this node holds at the height (its own committed block), or another certified header.</param>
    /// <param name="candidate">The certified header a source brought.</param>
    /// <param name="validators">The validator set of the height, from this node's own ledger history.</param>
    public static ForkVerdict Check(CertifiedHeader known, CertifiedHeader candidate, ValidatorSet validators)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(validators);
        if (known.Header.ChainId != candidate.Header.ChainId)
            return Dismissed(ForkDismissal.OtherChain, $"chain '{candidate.Header.ChainId}', not '{known.Header.ChainId}'");
        if (known.Height != candidate.Height)
            return Dismissed(ForkDismissal.OtherHeight, $"height {candidate.Height}, not {known.Height}");
        if (known.Hash == candidate.Hash)
            return Dismissed(ForkDismissal.SameBlock, $"both are block {known.Hash.Short}");
        if (candidate.Commit.Verify(candidate.Header, validators) is { } theirs)
            return Dismissed(ForkDismissal.CandidateInvalid, $"certificate of {candidate.Hash.Short} at height {candidate.Height}: {theirs}");
        if (known.Commit.Verify(known.Header, validators) is { } ours)
            return Dismissed(ForkDismissal.KnownInvalid, $"certificate of {known.Hash.Short} at height {known.Height}: {ours}");
        var evidence = ForkEvidence.Create(known, candidate, validators);
        return new ForkVerdict(evidence, null, $"two valid certificates at height {known.Height}: {known} and {candidate}; " +
                                               $"{evidence.SignedBoth.Length} validator(s) signed both");
    }

    /// <summary>Null when <paramref name="evidence"/> proves a fork under its own validator set; otherwise why not.</summary>
    public static string? Verify(ForkEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var verdict = Check(evidence.First, evidence.Second, evidence.Validators);
        return verdict.IsFork ? null : $"{verdict.Dismissal}: {verdict.Detail}";
    }

    private static ForkVerdict Dismissed(ForkDismissal why, string detail) => new(null, why, detail);
}
