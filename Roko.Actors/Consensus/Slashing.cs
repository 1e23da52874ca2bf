using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Consensus;

/// <summary>The outcome of <see cref="Slashing.Apply"/>: the new state and the amount burnt, or why nothing changed.</summary>
public readonly record struct SlashingResult(LedgerState? State, Amount Burnt, string? Error)
{
    public bool IsApplied => Error is null;
}

/// <summary>
/// The pure slashing rule: committed evidence of double signing burns <c>slashFractionPpm</c> parts per million of
/// the validator's stake and removes it from the validator set by closing its stake entry; the rest of the stake
/// is credited to the validator's account. Evidence against a key that no longer stakes (e.g. already slashed)
/// changes nothing, so the same evidence cannot be punished twice.
/// </summary>
public static class Slashing
{
    public static SlashingResult Apply(LedgerState state, DuplicateVoteEvidence evidence, uint slashFractionPpm)
    {
        if (evidence.Verify() is { } problem) return Refused("evidence does not verify: " + problem);
        if (evidence.First.ChainId != state.ChainId) return Refused($"evidence is for chain '{evidence.First.ChainId}', this chain is '{state.ChainId}'");
        if (evidence.Height > state.Height + 1) return Refused($"evidence at height {evidence.Height} is from the future of height {state.Height}");
        if (!state.Stakes.TryGetValue(evidence.Validator, out var stake))
            return Refused($"{evidence.Validator.Bytes.Short} has no stake (not a validator or already slashed)");
        var burnt = stake.Amount.MultiplyPpm(slashFractionPpm);
        var returned = stake.Amount - burnt;
        var account = evidence.Validator.ToAddress();
        var balances = returned.IsZero ? state.Balances : state.Balances.SetItem(account, state.BalanceOf(account) + returned);
        // Built afresh rather than with `with`, which would copy the state's cached validator set.
        var next = new LedgerState(state.ChainId, state.Parameters, state.Height, state.LastBlockHash, state.LastCutoff,
            state.LastBlockTime, balances, state.Stakes.Remove(evidence.Validator));
        return new SlashingResult(next, burnt, null);
    }

    private static SlashingResult Refused(string reason) => new(null, Amount.Zero, reason);
}
