using Roko.Actors.Crypto;
using Roko.Actors.Ledger;

namespace Roko.Actors.Consensus;

/// <summary>
/// What a round heard by the time its height was decided: the height's validators, every vote it kept (a validator's
/// first vote of a round and type comes first), and the (validator, round, type) whose double signing it already reported.
/// </summary>
public sealed record DecidedHeightVotes(
    ulong Height,
    ValidatorSet Validators,
    IReadOnlyList<Vote> Votes,
    IReadOnlyCollection<(PublicKey Validator, uint Round, VoteType Type)> Reported);

/// <summary>
/// Double signing caught after a height is decided. A round stops at its decision, so a conflicting vote that arrives
/// later (or both votes of a pair, when this node decided first) never meets the vote it conflicts with, and a validator
/// could equivocate unpunished by signing slowly. The driver keeps, for the last <c>heightsKept</c> decided heights, what
/// the round heard, and checks every late vote against it by the rule a running round applies (<see cref="VoteSet"/>):
/// two validly signed votes of one validator of the height for different blocks in one round and type. Each offence is
/// reported once, counting what the round itself reported.
/// </summary>
/// <remarks>
/// Pure and deterministic; the consensus driver owns it and rebuilds it empty on a restart (heights decided before the
/// restart are then no longer watched, the same loss as the round's own vote set). Memory is bounded: at most
/// <paramref name="heightsKept"/> heights, and per height at most <paramref name="votesPerHeight"/> first votes (a
/// validator signing votes for ever higher rounds cannot grow it without limit).
/// </remarks>
public sealed class LateVoteWatch(string chainId, int heightsKept, int votesPerHeight, IConsensusSignatureCheck? signatures = null)
{
    /// <summary>A decided height's votes, kept in the same <see cref="HeightVotes"/> a running round uses, so the conflict rule is its.</summary>
    private sealed class Watched(ValidatorSet validators, IEnumerable<(PublicKey, uint, VoteType)> reported)
    {
        public HeightVotes Votes { get; } = new(validators);
        public HashSet<(PublicKey Validator, uint Round, VoteType Type)> Reported { get; } = [.. reported];
        public int FirstVotes { get; set; }
    }

    private readonly SortedDictionary<ulong, Watched> _heights = new();
    private readonly IConsensusSignatureCheck _signatures = signatures ?? VerifyingSignatureCheck.Instance;

    /// <summary>The heights watched, oldest first.</summary>
    public IEnumerable<ulong> Heights => _heights.Keys;

    /// <summary>Starts watching a decided height with what its round heard; the oldest height beyond the limit is dropped.</summary>
    public void Decided(DecidedHeightVotes decided)
    {
        var watched = new Watched(decided.Validators, decided.Reported);
        foreach (var vote in decided.Votes)
            if (decided.Validators.Contains(vote.Validator) && !OverCap(watched, vote)) Keep(watched, vote);
        _heights[decided.Height] = watched;
        while (_heights.Count > heightsKept) _heights.Remove(_heights.Keys.First());
    }

    /// <summary>
    /// A vote for a height that is no longer being decided: the evidence when it conflicts with a vote already heard from
    /// the same validator in the same round and type (and that offence was not reported yet), else null. A vote for a
    /// height not watched, another chain, a non-validator or with a bad signature changes nothing.
    /// </summary>
    public DuplicateVoteEvidence? Observe(Vote vote)
    {
        if (vote.ChainId != chainId || !_heights.TryGetValue(vote.Height, out var watched)) return null;
        if (!watched.Votes.Validators.Contains(vote.Validator)) return null;
        // Looked up without creating: a forged vote naming ever new rounds must not grow the watch before its signature is checked.
        var set = watched.Votes.Find(vote.Round, vote.Type);
        if (set?.HasVoted(vote.Validator, vote.BlockHash) == true || watched.Reported.Contains((vote.Validator, vote.Round, vote.Type))) return null;
        if (OverCap(watched, vote)) return null;
        var first = set?.VoteOf(vote.Validator);
        if (!_signatures.IsValid(vote)) return null;
        if (Keep(watched, vote) != VoteAddition.Conflicting || first is null) return null;
        watched.Reported.Add((vote.Validator, vote.Round, vote.Type));
        return DuplicateVoteEvidence.Create(first, vote);
    }

    /// <summary>A validator's first vote of its round and type, when the height already keeps as many first votes as allowed.</summary>
    private bool OverCap(Watched watched, Vote vote) =>
        watched.FirstVotes >= votesPerHeight && watched.Votes.Find(vote.Round, vote.Type)?.VoteOf(vote.Validator) is null;

    private static VoteAddition Keep(Watched watched, Vote vote)
    {
        var addition = watched.Votes.Add(vote);
        if (addition == VoteAddition.Added) watched.FirstVotes++;
        return addition;
    }
}
