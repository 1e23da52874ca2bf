using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Primitives;

namespace Roko.Actors.Ledger;

/// <summary>
/// The slashing rule, applied when a block commits evidence that passed <see cref="EvidenceCheck"/>
/// (docs/consensus.md §Evidence and slashing): <c>slash_fraction_ppm</c> of the offender's stake is burnt, and of
/// every unbonding entry of the offender that was still at stake at the offending height (started at or after
/// height − 1, since a set takes two heights to change); the stake entry is closed, so the validator leaves the set
/// from the next height, and the rest of its stake starts unbonding (released after the later of its lock and the
/// report, plus the unbonding period) — slashing is never a way out of the lock. The key is tombstoned: it can
/// neither be punished again nor stake again.
/// </summary>
public static class Slashing
{
    public readonly record struct Outcome(LedgerState State, Amount Burnt);

    /// <param name="reportedAt">Timestamp of the evidence transaction; <paramref name="state"/> is before the block.</param>
    public static Outcome Apply(LedgerState state, DuplicateVoteEvidence evidence, NanoMoment reportedAt)
    {
        var p = state.Parameters;
        var offender = evidence.Validator;
        ulong blockHeight = state.Height + 1;
        var burnt = Amount.Zero;
        var next = state with { Tombstoned = state.Tombstoned.Add(offender) };

        ulong atStakeFrom = evidence.Height >= ValidatorSchedule.Delay - 1 ? evidence.Height - (ValidatorSchedule.Delay - 1) : 0;
        foreach (var (id, amount) in state.Unbonding)
        {
            if (id.Key != offender || id.StartedAtHeight < atStakeFrom) continue;
            var cut = amount.MultiplyPpm(p.SlashFractionPpm);
            burnt += cut;
            next = next with { Unbonding = cut == amount ? next.Unbonding.Remove(id) : next.Unbonding.SetItem(id, amount - cut) };
        }

        if (state.Stakes.TryGetValue(offender, out var stake))
        {
            var cut = stake.Amount.MultiplyPpm(p.SlashFractionPpm);
            burnt += cut;
            var releaseFrom = stake.LockedUntil > reportedAt ? stake.LockedUntil : reportedAt;
            next = next with { Stakes = next.Stakes.Remove(offender) };
            next = Unbonding.Hold(next, new UnbondingId(releaseFrom.AddSaturating(p.UnbondingNanos), offender, blockHeight), stake.Amount - cut);
        }
        return new Outcome(next, burnt);
    }

    /// <summary>Keys tombstoned by the block that turned <paramref name="before"/> into <paramref name="after"/>.</summary>
    public static IEnumerable<PublicKey> SlashedBetween(LedgerState before, LedgerState after) =>
        after.Tombstoned.Except(before.Tombstoned);
}
