using Roko.Actors.Nodes;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Network;
using Roko.Actors.Primitives;
using Xunit;

namespace Roko.Actors.Tests.Network;

public sealed class EnvelopeValidatorTests
{
    private static readonly SigningKey Key = SigningKey.FromSeed("envelope-tests");
    private static readonly NanoMoment T0 = NanoMoment.FromUnixSeconds(1_800_000_000);
    private static readonly NanoInterval Now = NanoInterval.Around(T0, 10_000_000); // ±10 ms
    private static readonly EnvelopeSettings Defaults = EnvelopeSettings.Create(RokoConfig.Defaults);
    private static readonly EnvelopeValidator Validator = new(Defaults);

    private static Envelope SignedAt(NanoMoment at, byte[]? payload = null) =>
        Envelope.Seal("test/msg", MessagePriority.Block, at, payload ?? [1, 2, 3], Key);

    private static EnvelopeRejection RejectionOf(byte[] encoded) =>
        Assert.IsType<EnvelopeVerdict.Rejected>(Validator.Validate(encoded, Now)).Reason;

    [Fact]
    public void Envelope_should_round_trip_its_canonical_encoding_when_decoded()
    {
        var envelope = SignedAt(T0, [9, 8, 7]);
        var bytes = envelope.Encode();

        Assert.Equal(0x07, bytes[0]);
        Assert.Equal(Envelope.Version, bytes[1]);
        var decoded = Envelope.Decode(bytes, 1024);
        Assert.Equal(envelope.Type, decoded.Type);
        Assert.Equal(envelope.Priority, decoded.Priority);
        Assert.Equal(envelope.Timestamp, decoded.Timestamp);
        Assert.Equal(envelope.Payload, decoded.Payload);
        Assert.Equal(envelope.Signer, decoded.Signer);
        Assert.Equal(envelope.Signature, decoded.Signature);
        Assert.Equal(bytes, decoded.Encode());
    }

    [Fact]
    public void Validator_should_accept_an_envelope_when_it_is_signed_now_by_its_signer()
    {
        var verdict = Assert.IsType<EnvelopeVerdict.Accepted>(Validator.Validate(SignedAt(T0).Encode(), Now));

        Assert.Equal(Key.PublicKey, verdict.Envelope.Signer);
    }

    [Fact]
    public void Validator_should_verify_an_envelope_once_and_accept_its_identical_copies_from_the_verified_set()
    {
        var verified = new RecentSet<Hash32>(16);
        var validator = new EnvelopeValidator(Defaults, verified);
        var bytes = SignedAt(T0).Encode();

        Assert.IsType<EnvelopeVerdict.Accepted>(validator.Validate(bytes, Now));
        Assert.True(verified.Contains(Sha256.Hash(bytes)));
        Assert.IsType<EnvelopeVerdict.Accepted>(validator.Validate(bytes, Now));
        Assert.Equal(1, verified.Count);

        // Only exact bytes that verified are remembered: an altered copy is verified (and refused), never remembered.
        var forged = (SignedAt(T0) with { Payload = [1, 2, 4] }).Encode();
        Assert.IsType<EnvelopeVerdict.Rejected>(validator.Validate(forged, Now));
        Assert.IsType<EnvelopeVerdict.Rejected>(validator.Validate(forged, Now));
        Assert.False(verified.Contains(Sha256.Hash(forged)));
    }

    [Fact]
    public void Validator_should_skip_the_signature_check_only_for_bytes_in_the_verified_set()
    {
        var forged = (SignedAt(T0) with { Payload = [1, 2, 4] }).Encode();
        var verified = new RecentSet<Hash32>(16);
        verified.Add(Sha256.Hash(forged)); // as if these exact bytes had verified before

        Assert.IsType<EnvelopeVerdict.Accepted>(new EnvelopeValidator(Defaults, verified).Validate(forged, Now));
        Assert.Equal(EnvelopeRejection.BadSignature, RejectionOf(forged));
    }

    [Fact]
    public void Validator_should_reject_as_bad_signature_when_the_payload_was_altered()
    {
        var envelope = SignedAt(T0) with { Payload = [1, 2, 4] };

        Assert.Equal(EnvelopeRejection.BadSignature, RejectionOf(envelope.Encode()));
    }

    [Fact]
    public void Validator_should_reject_as_bad_signature_when_another_key_is_named_as_signer()
    {
        var envelope = SignedAt(T0) with { Signer = SigningKey.FromSeed("someone-else").PublicKey };

        Assert.Equal(EnvelopeRejection.BadSignature, RejectionOf(envelope.Encode()));
    }

    [Fact]
    public void Validator_should_reject_as_stale_when_signed_before_earliest_minus_max_age()
    {
        var justInside = Now.Earliest.AddNanoseconds(-Defaults.MaxAgeNanos);

        Assert.IsType<EnvelopeVerdict.Accepted>(Validator.Validate(SignedAt(justInside).Encode(), Now));
        Assert.Equal(EnvelopeRejection.Stale, RejectionOf(SignedAt(justInside.AddNanoseconds(-1)).Encode()));
    }

    [Fact]
    public void Validator_should_reject_as_from_the_future_when_signed_after_latest_plus_allowance()
    {
        var justInside = Now.Latest.AddNanoseconds(Defaults.FutureAllowanceNanos);

        Assert.IsType<EnvelopeVerdict.Accepted>(Validator.Validate(SignedAt(justInside).Encode(), Now));
        Assert.Equal(EnvelopeRejection.FromTheFuture, RejectionOf(SignedAt(justInside.AddNanoseconds(1)).Encode()));
    }

    [Fact]
    public void Validator_should_reject_as_oversize_before_decoding_when_the_envelope_exceeds_max_bytes()
    {
        var small = new EnvelopeValidator(Defaults with { MaxBytes = 512 });
        var envelope = SignedAt(T0, new byte[600]);

        var verdict = Assert.IsType<EnvelopeVerdict.Rejected>(small.Validate(envelope.Encode(), Now));
        Assert.Equal(EnvelopeRejection.Oversize, verdict.Reason);
        Assert.Equal(EnvelopeRejection.Oversize,
            Assert.IsType<EnvelopeVerdict.Rejected>(small.Validate(new byte[513], Now)).Reason);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("trailing")]
    [InlineData("wrong-tag")]
    [InlineData("unknown-priority")]
    [InlineData("empty")]
    public void Validator_should_reject_as_malformed_when_the_encoding_is_broken(string damage)
    {
        var bytes = SignedAt(T0).Encode();
        byte[] broken = damage switch
        {
            "truncated" => bytes[..^1],
            "trailing" => [.. bytes, 0],
            "wrong-tag" => [0x05, .. bytes[1..]],
            "unknown-priority" => WithByte(bytes, 2 + 4 + "test/msg".Length, 9),
            _ => [],
        };

        var verdict = Assert.IsType<EnvelopeVerdict.Rejected>(Validator.Validate(broken, Now));
        Assert.Equal(EnvelopeRejection.Malformed, verdict.Reason);
        Assert.False(string.IsNullOrEmpty(verdict.Detail));
    }

    private static byte[] WithByte(byte[] bytes, int index, byte value)
    {
        var copy = (byte[])bytes.Clone();
        copy[index] = value;
        return copy;
    }
}
