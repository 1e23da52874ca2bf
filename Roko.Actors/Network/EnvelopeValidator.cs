using Roko.Actors.Hardware.Time;
using Roko.Actors.Crypto;
using Roko.Actors.Primitives;

namespace Roko.Actors.Network;

/// <summary>
/// Admission of one inbound encoded envelope as a pipeline of one-rule checks, cheapest first: size, format,
/// age, future, signature. <paramref name="now"/> is the receiving node's clock interval, so a sender is only
/// called stale or early when that holds wherever true time lies inside it. Pure.
/// Relays forward envelopes unchanged, so a node receives byte-identical copies of one envelope from several peers:
/// with <paramref name="verified"/> (the digests of encoded envelopes whose signature verified on this node, shared
/// by its peer sessions) a copy is checked once and its duplicates skip the signature verification.
/// </summary>
public sealed class EnvelopeValidator(EnvelopeSettings settings, RecentSet<Hash32>? verified = null)
{
    public EnvelopeSettings Settings { get; } = settings;

    public EnvelopeVerdict Validate(ReadOnlySpan<byte> encoded, NanoInterval now)
    {
        if (encoded.Length > Settings.MaxBytes)
            return Reject(EnvelopeRejection.Oversize, $"{encoded.Length} bytes, the limit is {Settings.MaxBytes}");

        Envelope envelope;
        try
        {
            envelope = Envelope.Decode(encoded, Settings.MaxBytes);
        }
        catch (Exception e) when (e is CanonicalDecodingException or ArgumentException)
        {
            return Reject(EnvelopeRejection.Malformed, e.Message);
        }

        var oldest = now.Earliest.AddSaturating(-Settings.MaxAgeNanos);
        if (envelope.Timestamp < oldest)
            return Reject(EnvelopeRejection.Stale, $"signed at {envelope.Timestamp}, accepting from {oldest}");

        var newest = now.Latest.AddSaturating(Settings.FutureAllowanceNanos);
        if (envelope.Timestamp > newest)
            return Reject(EnvelopeRejection.FromTheFuture, $"signed at {envelope.Timestamp}, accepting up to {newest}");

        Hash32? digest = verified is null ? null : Sha256.Hash(encoded);
        if (digest is { } seen && verified!.Contains(seen)) return new EnvelopeVerdict.Accepted(envelope);
        if (!envelope.HasValidSignature())
            return Reject(EnvelopeRejection.BadSignature, $"signature of {envelope.Signer} does not verify");
        if (digest is { } d) verified!.Add(d);

        return new EnvelopeVerdict.Accepted(envelope);
    }

    private static EnvelopeVerdict.Rejected Reject(EnvelopeRejection reason, string detail) => new(reason, detail);
}
