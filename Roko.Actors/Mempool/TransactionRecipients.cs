using System.Collections.Immutable;
using Roko.Actors.Consensus;
using Roko.Actors.Crypto;
using Roko.Actors.Ledger;

namespace Roko.Actors.Mempool;

/// <summary>Who a transaction submitted to a node is sent to (<c>roko.mempool.forward-to</c>).</summary>
public enum ForwardTarget
{
    /// <summary>Every validator of the next two blocks: whoever proposes has it, and every validator verified it before the proposal.</summary>
    Validators,
    /// <summary>Only the proposers of the next heights' first rounds (<see cref="ProposerRotation.Upcoming"/>).</summary>
    Proposers,
}

/// <summary>The node keys a transaction submitted at <c>tip</c> is addressed to. Pure.</summary>
public static class TransactionRecipients
{
    public static ImmutableArray<PublicKey> Of(LedgerState tip, ForwardTarget target, int proposerHeights, int proposerRounds)
    {
        ArgumentNullException.ThrowIfNull(tip);
        return target switch
        {
            ForwardTarget.Proposers => ProposerRotation.Upcoming(tip, proposerHeights, proposerRounds),
            ForwardTarget.Validators => [.. tip.Validators.Validators.Concat(tip.StakedValidators.Validators).Select(v => v.Key).Distinct()],
            _ => throw new ArgumentOutOfRangeException(nameof(target), target, "unknown forward target"),
        };
    }
}
