using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Time.Wire;
using Xunit;

namespace Roko.Actors.Tests.Time.Wire;

public sealed class TimeAttestationTests
{
    private static readonly SigningKey Peer = SigningKey.FromSeed("attesting-peer");
    private static readonly NanoMoment T2 = NanoMoment.FromUnixSeconds(1_800_000_000);

    private static TimeAttestation Signed() =>
        TimeAttestation.Create(UInt128.One, UInt128.MaxValue, T2, T2.AddNanoseconds(700), 1_000, ClockStatus.Synchronized, Peer);

    [Fact]
    public void Check_should_pass_an_attestation_signed_by_the_announced_key() => Assert.Null(Signed().Check(Peer.PublicKey));

    [Fact]
    public void Check_should_pass_an_attestation_after_it_travelled_the_wire()
    {
        Assert.True(TimeDatagramFormat.TryDecode(TimeDatagramFormat.Encode(Signed()), out var decoded, out _));

        Assert.Null(((TimeAttestation)decoded!).Check(Peer.PublicKey));
    }

    [Fact]
    public void Check_should_refuse_as_unsigned_when_the_signature_is_empty() =>
        Assert.Equal(AttestationRefusal.Unsigned, (Signed() with { Signature = default }).Check(Peer.PublicKey));

    [Fact]
    public void Check_should_refuse_as_wrong_signer_when_signed_by_another_key() =>
        Assert.Equal(AttestationRefusal.WrongSigner, Signed().Check(SigningKey.FromSeed("someone-else").PublicKey));

    [Fact]
    public void Check_should_refuse_as_bad_signature_when_any_signed_field_was_altered()
    {
        var signed = Signed();
        TimeAttestation[] altered =
        [
            signed with { Nonce = UInt128.Zero },
            signed with { Token = UInt128.Zero },
            signed with { T2 = T2.AddNanoseconds(1) },
            signed with { T3 = signed.T3.AddNanoseconds(1) },
            signed with { ErrorBoundNanos = 999 },
            signed with { Status = ClockStatus.FreeRunning },
        ];

        Assert.All(altered, a => Assert.Equal(AttestationRefusal.BadSignature, a.Check(Peer.PublicKey)));
    }

    [Fact]
    public void Attestation_should_not_be_a_usable_source_when_unsynchronized_or_unbounded()
    {
        Assert.True(Signed().IsUsableSource);
        Assert.False((Signed() with { Status = ClockStatus.Unsynchronized }).IsUsableSource);
        Assert.False((Signed() with { ErrorBoundNanos = long.MaxValue }).IsUsableSource);
    }
}
