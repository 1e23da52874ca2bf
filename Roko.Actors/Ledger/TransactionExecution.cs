using Roko.Actors.Primitives;

namespace Roko.Actors.Ledger;

/// <summary>
/// The ledger's rules for one transaction's effect on balances, stakes, unbonding and tombstones, and the effect
/// itself; transaction signatures and time are checked elsewhere. <see cref="Check"/> is the rules alone: admission
/// runs it against the tip, so nothing is accepted that the block would refuse; <see cref="Execute"/> runs the same
/// rules, then applies. <c>state.Height + 1</c> is the height of the block being executed.
/// </summary>
public static class TransactionExecution
{
    /// <summary>Why <paramref name="tx"/> cannot be executed on <paramref name="state"/>; null when it can. Changes nothing.</summary>
    public static LedgerError? Check(LedgerState state, Transaction tx)
    {
        try
        {
            return tx.Payload switch
            {
                TransferPayload t => CheckTransfer(state, tx, t),
                StakePayload s => CheckStake(state, tx, s),
                UnstakePayload u => CheckUnstake(state, tx, u),
                EvidencePayload e => EvidenceCheck.Check(state, e.Evidence),
                _ => new LedgerError(LedgerErrorCode.UnsupportedKind, $"unsupported transaction kind {tx.Kind}"),
            };
        }
        catch (AmountOverflowException e)
        {
            return new LedgerError(LedgerErrorCode.AmountOverflow, e.Message);
        }
    }

    public static (LedgerState State, LedgerError? Error) Execute(LedgerState state, Transaction tx)
    {
        if (Check(state, tx) is { } refused) return (state, refused);
        try
        {
            return (tx.Payload switch
            {
                TransferPayload t => Transfer(state, tx, t),
                StakePayload s => Stake(state, tx, s),
                UnstakePayload u => Unstake(state, tx, u),
                EvidencePayload e => Slashing.Apply(state, e.Evidence, tx.Timestamp).State,
                _ => throw new InvalidOperationException($"{tx.Kind} passed the checks but has no effect"),
            }, null);
        }
        catch (AmountOverflowException e)
        {
            return (state, new LedgerError(LedgerErrorCode.AmountOverflow, e.Message));
        }
    }

    private static LedgerError? CheckTransfer(LedgerState state, Transaction tx, TransferPayload t)
    {
        if (t.Amount.IsZero) return new LedgerError(LedgerErrorCode.ZeroAmount, "transfer of 0 ROKO");
        var balance = state.BalanceOf(tx.Sender);
        return balance < t.Amount ? new LedgerError(LedgerErrorCode.InsufficientBalance, $"{tx.Sender} has {balance}, needs {t.Amount}") : null;
    }

    private static LedgerState Transfer(LedgerState state, Transaction tx, TransferPayload t)
    {
        var balances = state.Balances.SetItem(tx.Sender, state.BalanceOf(tx.Sender) - t.Amount);
        balances = balances.SetItem(t.To, balances.GetValueOrDefault(t.To, Amount.Zero) + t.Amount);
        return state with { Balances = balances };
    }

    private static LedgerError? CheckStake(LedgerState state, Transaction tx, StakePayload s)
    {
        if (s.Amount.IsZero) return new LedgerError(LedgerErrorCode.ZeroAmount, "stake of 0 ROKO");
        if (state.Tombstoned.Contains(tx.Signer))
            return new LedgerError(LedgerErrorCode.Tombstoned, $"{tx.Signer.Bytes.Short} was slashed for double signing and may not stake again");
        if (!ValidatorRegions.IsKnown(s.Region))
            return new LedgerError(LedgerErrorCode.UnknownRegion, $"region '{s.Region}' (known: {ValidatorRegions.Describe()})");
        var balance = state.BalanceOf(tx.Sender);
        if (balance < s.Amount)
            return new LedgerError(LedgerErrorCode.InsufficientBalance, $"{tx.Sender} has {balance}, needs {s.Amount} to stake");
        var total = (state.Stakes.GetValueOrDefault(tx.Signer)?.Amount ?? Amount.Zero) + s.Amount;
        return total < state.Parameters.MinValidatorStake
            ? new LedgerError(LedgerErrorCode.BelowMinimumStake, $"stake would be {total}, minimum is {state.Parameters.MinValidatorStake}")
            : null;
    }

    private static LedgerState Stake(LedgerState state, Transaction tx, StakePayload s)
    {
        var existing = state.Stakes.GetValueOrDefault(tx.Signer);
        var total = (existing?.Amount ?? Amount.Zero) + s.Amount;
        var lockedUntil = tx.Timestamp.AddSaturating(state.Parameters.StakeLockNanos);
        if (existing is not null && existing.LockedUntil > lockedUntil) lockedUntil = existing.LockedUntil;
        return state with
        {
            Balances = state.Balances.SetItem(tx.Sender, state.BalanceOf(tx.Sender) - s.Amount),
            Stakes = state.Stakes.SetItem(tx.Signer, new StakeEntry(total, lockedUntil, s.Region)),
        };
    }

    private static LedgerError? CheckUnstake(LedgerState state, Transaction tx, UnstakePayload u)
    {
        if (u.Amount.IsZero) return new LedgerError(LedgerErrorCode.ZeroAmount, "unstake of 0 ROKO");
        if (!state.Stakes.TryGetValue(tx.Signer, out var stake))
            return new LedgerError(LedgerErrorCode.NoStake, $"{tx.Signer.Bytes.Short} has no stake");
        if (tx.Timestamp < stake.LockedUntil)
            return new LedgerError(LedgerErrorCode.StakeLocked, $"stake is locked until {stake.LockedUntil}");
        if (u.Amount > stake.Amount)
            return new LedgerError(LedgerErrorCode.InsufficientStake, $"stake is {stake.Amount}, cannot unstake {u.Amount}");
        var remaining = stake.Amount - u.Amount;
        return !remaining.IsZero && remaining < state.Parameters.MinValidatorStake
            ? new LedgerError(LedgerErrorCode.BelowMinimumStake,
                $"remaining stake {remaining} would be below the minimum {state.Parameters.MinValidatorStake}; unstake all or less")
            : null;
    }

    private static LedgerState Unstake(LedgerState state, Transaction tx, UnstakePayload u)
    {
        var stake = state.Stakes[tx.Signer];
        var remaining = stake.Amount - u.Amount;
        // Not paid out now: the amount leaves the validator set (two heights later) and is held for the unbonding period.
        var next = state with
        {
            Stakes = remaining.IsZero ? state.Stakes.Remove(tx.Signer) : state.Stakes.SetItem(tx.Signer, stake with { Amount = remaining }),
        };
        var id = new UnbondingId(tx.Timestamp.AddSaturating(state.Parameters.UnbondingNanos), tx.Signer, state.Height + 1);
        return Unbonding.Hold(next, id, u.Amount);
    }
}
