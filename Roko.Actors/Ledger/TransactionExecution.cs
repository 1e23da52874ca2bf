using Roko.Actors.Primitives;

namespace Roko.Actors.Ledger;

/// <summary>
/// Applies one transaction's effect to balances, stakes, unbonding and tombstones; transaction signatures and time are
/// checked elsewhere. <c>state.Height + 1</c> is the height of the block being executed.
/// </summary>
public static class TransactionExecution
{
    public static (LedgerState State, LedgerError? Error) Execute(LedgerState state, Transaction tx)
    {
        try
        {
            return tx.Payload switch
            {
                TransferPayload t => Transfer(state, tx, t),
                StakePayload s => Stake(state, tx, s),
                UnstakePayload u => Unstake(state, tx, u),
                EvidencePayload e => Evidence(state, tx, e),
                _ => (state, new LedgerError(LedgerErrorCode.UnsupportedKind, $"unsupported transaction kind {tx.Kind}")),
            };
        }
        catch (AmountOverflowException e)
        {
            return (state, new LedgerError(LedgerErrorCode.AmountOverflow, e.Message));
        }
    }

    private static (LedgerState, LedgerError?) Transfer(LedgerState state, Transaction tx, TransferPayload t)
    {
        if (t.Amount.IsZero) return (state, new LedgerError(LedgerErrorCode.ZeroAmount, "transfer of 0 ROKO"));
        var from = tx.Sender;
        var balance = state.BalanceOf(from);
        if (balance < t.Amount)
            return (state, new LedgerError(LedgerErrorCode.InsufficientBalance, $"{from} has {balance}, needs {t.Amount}"));
        var balances = state.Balances.SetItem(from, balance - t.Amount);
        balances = balances.SetItem(t.To, balances.GetValueOrDefault(t.To, Amount.Zero) + t.Amount);
        return (state with { Balances = balances }, null);
    }

    private static (LedgerState, LedgerError?) Stake(LedgerState state, Transaction tx, StakePayload s)
    {
        if (s.Amount.IsZero) return (state, new LedgerError(LedgerErrorCode.ZeroAmount, "stake of 0 ROKO"));
        if (state.Tombstoned.Contains(tx.Signer))
            return (state, new LedgerError(LedgerErrorCode.Tombstoned, $"{tx.Signer.Bytes.Short} was slashed for double signing and may not stake again"));
        if (!ValidatorRegions.IsKnown(s.Region))
            return (state, new LedgerError(LedgerErrorCode.UnknownRegion, $"region '{s.Region}' (known: {ValidatorRegions.Describe()})"));
        var from = tx.Sender;
        var balance = state.BalanceOf(from);
        if (balance < s.Amount)
            return (state, new LedgerError(LedgerErrorCode.InsufficientBalance, $"{from} has {balance}, needs {s.Amount} to stake"));
        var existing = state.Stakes.GetValueOrDefault(tx.Signer);
        var total = (existing?.Amount ?? Amount.Zero) + s.Amount;
        if (total < state.Parameters.MinValidatorStake)
            return (state, new LedgerError(LedgerErrorCode.BelowMinimumStake, $"stake would be {total}, minimum is {state.Parameters.MinValidatorStake}"));
        var lockedUntil = tx.Timestamp.AddSaturating(state.Parameters.StakeLockNanos);
        if (existing is not null && existing.LockedUntil > lockedUntil) lockedUntil = existing.LockedUntil;
        return (state with
        {
            Balances = state.Balances.SetItem(from, balance - s.Amount),
            Stakes = state.Stakes.SetItem(tx.Signer, new StakeEntry(total, lockedUntil, s.Region)),
        }, null);
    }

    private static (LedgerState, LedgerError?) Unstake(LedgerState state, Transaction tx, UnstakePayload u)
    {
        if (u.Amount.IsZero) return (state, new LedgerError(LedgerErrorCode.ZeroAmount, "unstake of 0 ROKO"));
        if (!state.Stakes.TryGetValue(tx.Signer, out var stake))
            return (state, new LedgerError(LedgerErrorCode.NoStake, $"{tx.Signer.Bytes.Short} has no stake"));
        if (tx.Timestamp < stake.LockedUntil)
            return (state, new LedgerError(LedgerErrorCode.StakeLocked, $"stake is locked until {stake.LockedUntil}"));
        if (u.Amount > stake.Amount)
            return (state, new LedgerError(LedgerErrorCode.InsufficientBalance, $"stake is {stake.Amount}, cannot unstake {u.Amount}"));
        var remaining = stake.Amount - u.Amount;
        if (!remaining.IsZero && remaining < state.Parameters.MinValidatorStake)
            return (state, new LedgerError(LedgerErrorCode.BelowMinimumStake,
                $"remaining stake {remaining} would be below the minimum {state.Parameters.MinValidatorStake}; unstake all or less"));
        // Not paid out now: the amount leaves the validator set (two heights later) and is held for the unbonding period.
        var next = state with
        {
            Stakes = remaining.IsZero ? state.Stakes.Remove(tx.Signer) : state.Stakes.SetItem(tx.Signer, stake with { Amount = remaining }),
        };
        var id = new UnbondingId(tx.Timestamp.AddSaturating(state.Parameters.UnbondingNanos), tx.Signer, state.Height + 1);
        return (Unbonding.Hold(next, id, u.Amount), null);
    }

    private static (LedgerState, LedgerError?) Evidence(LedgerState state, Transaction tx, EvidencePayload e)
    {
        if (EvidenceCheck.Check(state, e.Evidence) is { } problem) return (state, problem);
        return (Slashing.Apply(state, e.Evidence, tx.Timestamp).State, null);
    }
}
