using System.Collections.Immutable;

namespace Roko.Actors.Ledger;

/// <summary>The validator set in force from <paramref name="FromHeight"/> until the next epoch's height.</summary>
public sealed record ValidatorEpoch(ulong FromHeight, ValidatorSet Set);

/// <summary>
/// The two-height rule (docs/consensus.md §Staking): the validator set of height <c>h</c> is the stakes of the state
/// after block <c>h − 2</c>, minus validators slashed in block <c>h − 1</c> (those leave at once). So a state after
/// block <c>c</c> knows the set of <c>c + 1</c> (its <see cref="LedgerState.Validators"/>) and, from its own stakes,
/// that of <c>c + 2</c>. A state keeps the epochs (heights where the set changed) back to the evidence age, so evidence
/// can be checked against the set of the height it names.
/// </summary>
public static class ValidatorSchedule
{
    /// <summary>Heights between the state that decides a set and the height it is used at.</summary>
    public const ulong Delay = 2;

    public static ImmutableArray<ValidatorEpoch> FromGenesis(ValidatorSet set) => [new ValidatorEpoch(1, set)];

    /// <summary>The set of <paramref name="height"/>, or null when the history no longer (or not yet) covers it.</summary>
    public static ValidatorSet? At(ImmutableArray<ValidatorEpoch> history, ulong height)
    {
        if (history.IsDefaultOrEmpty || height < history[0].FromHeight) return null;
        for (int i = history.Length - 1; i >= 0; i--)
            if (history[i].FromHeight <= height) return history[i].Set;
        return null;
    }

    /// <summary>
    /// The history after committing block <paramref name="committed"/>: <paramref name="next"/> (the set of
    /// <c>committed + 1</c>) is appended when it differs from the current one, and epochs no evidence can name any more
    /// (older than <paramref name="maxAgeHeights"/> before the next block) are dropped.
    /// </summary>
    public static ImmutableArray<ValidatorEpoch> Advance(ImmutableArray<ValidatorEpoch> history, ulong committed, ValidatorSet next, ulong maxAgeHeights)
    {
        var builder = history.IsDefaultOrEmpty ? ImmutableArray.CreateBuilder<ValidatorEpoch>() : history.ToBuilder();
        ulong nextHeight = committed + 1;
        if (builder.Count == 0 || builder[^1].Set.Hash != next.Hash) builder.Add(new ValidatorEpoch(nextHeight, next));
        ulong oldestNeeded = nextHeight > maxAgeHeights ? nextHeight - maxAgeHeights : 0;
        while (builder.Count > 1 && builder[1].FromHeight <= oldestNeeded) builder.RemoveAt(0);
        return builder.ToImmutable();
    }
}
