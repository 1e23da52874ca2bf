using Roko.Actors.Hardware.Time;

namespace Roko.Actors.LightClient;

/// <summary>
/// After a block from the primary verified, each witness is asked for the same height. A witness that holds the same
/// header agrees. One that holds a different header which also verifies from the trusted state proves a conflict:
/// two headers at one height, each signed by the trusted validators — the primary is refused
/// (<see cref="LightRefusalReason.ConflictingWitness"/>) and the pair is evidence of the attack. A witness whose
/// different header does not verify is itself faulty and is to be dropped. A witness that proves headers far above the
/// primary's claimed head shows the primary withholds them (<see cref="Withholding"/>).
/// </summary>
public static class WitnessCrossCheck
{
    public sealed record Outcome(LightRefusal? Refusal, IReadOnlyList<string> Agreeing, IReadOnlyList<(string Witness, LightRefusal Why)> Faulty,
        IReadOnlyList<string> Silent, LightBlock? Conflicting);

    public static Outcome Check(TrustedState trusted, LightBlock fromPrimary, IEnumerable<(string Witness, LightBlock? Block)> witnesses,
        NanoMoment now, LightClientSettings settings)
    {
        var agreeing = new List<string>();
        var faulty = new List<(string, LightRefusal)>();
        var silent = new List<string>();
        foreach (var (witness, block) in witnesses)
        {
            if (block is null)
            {
                silent.Add(witness);
                continue;
            }
            if (block.Height != fromPrimary.Height)
            {
                faulty.Add((witness, new(LightRefusalReason.NotNewer, $"asked for height {fromPrimary.Height}, served {block.Height}")));
                continue;
            }
            if (block.Header.Hash == fromPrimary.Header.Hash)
            {
                agreeing.Add(witness);
                continue;
            }
            if (HeaderVerifier.Verify(trusted, block, now, settings) is { } why)
            {
                faulty.Add((witness, why));
                continue;
            }
            var conflict = new LightRefusal(LightRefusalReason.ConflictingWitness,
                $"witness {witness} holds header {block.Header.Hash.Short} at height {block.Height}, the primary served {fromPrimary.Header.Hash.Short}; both verify");
            return new(conflict, agreeing, faulty, silent, block);
        }
        return new(null, agreeing, faulty, silent, null);
    }

    /// <summary>
    /// Withholding: a witness served header <paramref name="provenHeight"/>, which verified from the trusted state, while
    /// the primary — asked again after that — claims its head is <paramref name="primaryHead"/>. More than
    /// <paramref name="tolerance"/> heights apart, the primary keeps headers back (an honest one is at most a block or two
    /// behind its peers) and is refused; otherwise null.
    /// </summary>
    public static LightRefusal? Withholding(ulong primaryHead, ulong provenHeight, string witness, int tolerance)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);
        return provenHeight > primaryHead + (ulong)tolerance
            ? new(LightRefusalReason.WithholdingPrimary,
                $"witness {witness} served a verifying header at height {provenHeight}, the primary claims its head is {primaryHead} " +
                $"(more than {tolerance} behind)")
            : null;
    }
}
