using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Archive;

/// <summary>
/// What a commit certificate says about time: each precommit carries its signer's clock interval, so the block was
/// certainly final once signers holding more than two thirds of the stake had signed. <see cref="FinalizedAt"/> is the
/// latest edge of the interval of the signer that completes that quorum, taking signers in order of their latest edge.
/// </summary>
public static class TemporalProof
{
    public static NanoMoment FinalizedAt(CommitCertificate commit, ValidatorSet validators)
    {
        var signed = Amount.Zero;
        var ordered = commit.Signatures.OrderBy(s => s.Clock.Latest).ThenBy(s => s.Validator).ToList();
        foreach (var s in ordered)
        {
            signed += validators.Find(s.Validator)?.Stake ?? Amount.Zero;
            if (validators.IsQuorum(signed)) return s.Clock.Latest;
        }
        // A journaled block always has a quorum; without one the last signature is the best bound there is.
        return ordered.Count > 0 ? ordered[^1].Clock.Latest : NanoMoment.UnixEpoch;
    }
}
