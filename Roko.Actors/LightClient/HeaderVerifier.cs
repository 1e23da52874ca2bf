using Roko.Actors.Hardware.Time;

namespace Roko.Actors.LightClient;

/// <summary>
/// The light client's verification rules (docs/protocol.md §Light-client verification), pure and deterministic:
/// <c>now</c> is passed in. <see cref="Verify"/> checks an untrusted block against a trusted state —
/// sequentially when it is the next height, by skipping otherwise — and returns null or the first refusal.
/// </summary>
public static class HeaderVerifier
{
    /// <summary>Skipping trust level: signers from the trusted set must hold more than 1/3 of its stake.</summary>
    public const int TrustNumerator = 1;
    public const int TrustDenominator = 3;

    public static LightRefusal? Verify(TrustedState trusted, LightBlock untrusted, NanoMoment now, LightClientSettings settings)
    {
        var h = untrusted.Header;
        if (h.ChainId != trusted.Header.ChainId)
            return new(LightRefusalReason.WrongChain, $"header is for chain '{h.ChainId}', trusted chain is '{trusted.Header.ChainId}'");
        if (h.Height <= trusted.Height)
            return new(LightRefusalReason.NotNewer, $"header height {h.Height} is not above the trusted height {trusted.Height}");
        if (Expired(trusted, now, settings) is { } expired) return expired;
        if (h.BlockTime <= trusted.Time)
            return new(LightRefusalReason.TimeNotAdvancing, $"block time {h.BlockTime} is not after the trusted {trusted.Time}");
        var latest = now.AddSaturating(Nanoseconds.FromTimeSpan(settings.MaxClockDrift));
        if (h.BlockTime > latest)
            return new(LightRefusalReason.HeaderFromFuture, $"block time {h.BlockTime} is after now {now} plus the allowed drift");
        if (untrusted.Validators.Hash != h.ValidatorSetHash)
            return new(LightRefusalReason.WrongValidatorSetHash,
                $"served validator set hashes to {untrusted.Validators.Hash.Short}, header says {h.ValidatorSetHash.Short}");

        bool adjacent = h.Height == trusted.Height + 1;
        if (adjacent && h.PreviousHash != trusted.Header.Hash)
            return new(LightRefusalReason.BrokenHashLink,
                $"previous hash {h.PreviousHash.Short} of height {h.Height} is not the trusted header {trusted.Header.Hash.Short}");

        if (CommitTally.Own(h, untrusted.Commit, untrusted.Validators) is { } own) return own;
        // The validator set is carried only by the header it signs: a new set (or any skip) must also be vouched for by
        // more than a third of the stake the client already trusts, so at least one honest trusted validator signed it.
        if (!adjacent || untrusted.Validators.Hash != trusted.Validators.Hash)
            return CommitTally.Trusted(h, untrusted.Commit, trusted.Validators, TrustNumerator, TrustDenominator);
        return null;
    }

    /// <summary>Refused once the trusted header is a trusting period old (or older).</summary>
    public static LightRefusal? Expired(TrustedState trusted, NanoMoment now, LightClientSettings settings) =>
        now >= trusted.Time.AddSaturating(Nanoseconds.FromTimeSpan(settings.TrustingPeriod))
            ? new(LightRefusalReason.TrustedStateExpired,
                $"trusted header {trusted.Height} of {trusted.Time} is older than the trusting period {settings.TrustingPeriod} at {now}")
            : null;
}
