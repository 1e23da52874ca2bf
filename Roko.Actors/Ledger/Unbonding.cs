using System.Collections.Immutable;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Primitives;

namespace Roko.Actors.Ledger;

/// <summary>
/// Identifies unbonding stake: whose it is, when it is released, and the height of the block that started the
/// unbonding (which decides whether evidence of an earlier vote can still slash it). Ordered by release time first,
/// so the due entries are always at the front.
/// </summary>
public readonly record struct UnbondingId(NanoMoment ReleaseAt, PublicKey Key, ulong StartedAtHeight) : IComparable<UnbondingId>
{
    public int CompareTo(UnbondingId other)
    {
        int c = ReleaseAt.CompareTo(other.ReleaseAt);
        if (c != 0) return c;
        c = Key.CompareTo(other.Key);
        return c != 0 ? c : StartedAtHeight.CompareTo(other.StartedAtHeight);
    }
}

/// <summary>
/// The unbonding rule (docs/consensus.md §Staking): stake leaving the validator set is held — neither votable nor
/// spendable — until its release time, then credited to the key's account. Releases are time events ordered with the
/// transactions: before a transaction signed at <c>t</c> every entry with release time ≤ <c>t</c> is paid out, and at
/// the end of a block every entry with release time ≤ its cutoff.
/// </summary>
public static class Unbonding
{
    /// <summary>Adds <paramref name="amount"/> to the entry <paramref name="id"/> (created when absent).</summary>
    public static LedgerState Hold(LedgerState state, UnbondingId id, Amount amount) => amount.IsZero
        ? state
        : state with { Unbonding = state.Unbonding.SetItem(id, state.Unbonding.GetValueOrDefault(id, Amount.Zero) + amount) };

    /// <summary>Pays out every entry whose release time is at or before <paramref name="upTo"/>.</summary>
    public static LedgerState ReleaseDue(LedgerState state, NanoMoment upTo)
    {
        if (state.Unbonding.IsEmpty || state.Unbonding.Keys.First().ReleaseAt > upTo) return state;
        var unbonding = state.Unbonding.ToBuilder();
        var balances = state.Balances.ToBuilder();
        foreach (var (id, amount) in state.Unbonding)
        {
            if (id.ReleaseAt > upTo) break;
            var account = id.Key.ToAddress();
            balances[account] = balances.GetValueOrDefault(account, Amount.Zero) + amount;
            unbonding.Remove(id);
        }
        return state with { Unbonding = unbonding.ToImmutable(), Balances = balances.ToImmutable() };
    }

    /// <summary>Total still unbonding for <paramref name="key"/>.</summary>
    public static Amount Of(LedgerState state, PublicKey key) =>
        state.Unbonding.Where(e => e.Key.Key == key).Aggregate(Amount.Zero, (sum, e) => sum + e.Value);
}
