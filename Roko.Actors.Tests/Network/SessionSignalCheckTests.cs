using Roko.Actors.Crypto;
using Roko.Actors.Network;
using Roko.Actors.Primitives;
using Xunit;

namespace Roko.Actors.Tests.Network;

public sealed class SessionSignalCheckTests
{
    private static readonly SigningKey Peer = SigningKey.FromSeed("session-signal-peer");
    private static readonly SigningKey Stranger = SigningKey.FromSeed("session-signal-stranger");
    private static readonly byte[] OurHello = [1, 2, 3, 4];
    private static readonly Hash32 OurHelloDigest = SessionSignalCheck.DigestOf(OurHello);

    private static SessionSignalCheck CheckWithHelloSent()
    {
        var check = new SessionSignalCheck(rememberedHellos: 4, rememberedPings: 4);
        check.HelloSent(OurHello);
        return check;
    }

    private static SessionSignalRejection RejectionOf(SessionSignalVerdict verdict) =>
        Assert.IsType<SessionSignalVerdict.Rejected>(verdict).Reason;

    private static byte[] Unsigned(SessionSignal signal) => (signal with { Signature = default }).Encode();

    [Fact]
    public void SessionSignal_should_round_trip_every_field_when_decoded()
    {
        var refused = SessionSignal.Seal(SessionSignalKind.HelloRefused, Peer, OurHelloDigest, refusal: HandshakeRefusal.WrongGenesis, detail: "genesis ab, ours cd");
        var pong = SessionSignal.Seal(SessionSignalKind.Pong, Peer, OurHelloDigest, stamp: 1_234_567_890);

        Assert.Equal(refused, SessionSignal.Decode(refused.Encode()));
        Assert.Equal(pong, SessionSignal.Decode(pong.Encode()));
        Assert.True(SessionSignal.Decode(refused.Encode()).HasValidSignature());
    }

    [Fact]
    public void SessionSignal_should_cut_a_refusal_detail_to_the_limit_when_sealed()
    {
        var refused = SessionSignal.Seal(SessionSignalKind.HelloRefused, Peer, OurHelloDigest, refusal: HandshakeRefusal.Malformed,
            detail: new string('é', SessionSignal.MaxDetailBytes));

        Assert.Equal(SessionSignal.MaxDetailBytes, System.Text.Encoding.UTF8.GetByteCount(refused.Detail));
        Assert.Equal(refused, SessionSignal.Decode(refused.Encode()));
    }

    [Fact]
    public void SessionSignalCheck_should_accept_a_signed_acceptance_of_a_hello_it_sent_from_the_handshakes_key()
    {
        var accepted = SessionSignal.Seal(SessionSignalKind.HelloAccepted, Peer, OurHelloDigest);

        var verdict = CheckWithHelloSent().Open(accepted.Encode(), SessionSignalKind.HelloAccepted, Peer.PublicKey);

        Assert.Equal(accepted, Assert.IsType<SessionSignalVerdict.Accepted>(verdict).Signal);
    }

    [Fact]
    public void SessionSignalCheck_should_refuse_a_handshake_reply_signed_by_another_key_than_the_handshakes()
    {
        var accepted = SessionSignal.Seal(SessionSignalKind.HelloAccepted, Stranger, OurHelloDigest);
        var refused = SessionSignal.Seal(SessionSignalKind.HelloRefused, Stranger, OurHelloDigest, refusal: HandshakeRefusal.WrongChain);
        var check = CheckWithHelloSent();

        var verdict = Assert.IsType<SessionSignalVerdict.Rejected>(check.Open(accepted.Encode(), SessionSignalKind.HelloAccepted, Peer.PublicKey));

        Assert.Equal(SessionSignalRejection.SignerMismatch, verdict.Reason);
        Assert.True(verdict.RaisesSuspicion);
        Assert.Equal(SessionSignalRejection.SignerMismatch, RejectionOf(check.Open(refused.Encode(), SessionSignalKind.HelloRefused, Peer.PublicKey)));
    }

    [Fact]
    public void SessionSignalCheck_should_refuse_an_unsigned_or_forged_handshake_reply_as_a_bad_signature()
    {
        var accepted = SessionSignal.Seal(SessionSignalKind.HelloAccepted, Peer, OurHelloDigest);
        var refused = SessionSignal.Seal(SessionSignalKind.HelloRefused, Peer, OurHelloDigest, refusal: HandshakeRefusal.WrongChain, detail: "x");
        var forged = refused with { Refusal = HandshakeRefusal.BadSignature };
        var check = CheckWithHelloSent();

        Assert.Equal(SessionSignalRejection.BadSignature, RejectionOf(check.Open(Unsigned(accepted), SessionSignalKind.HelloAccepted, Peer.PublicKey)));
        Assert.Equal(SessionSignalRejection.BadSignature, RejectionOf(check.Open(forged.Encode(), SessionSignalKind.HelloRefused, null)));
    }

    [Fact]
    public void SessionSignalCheck_should_take_a_reply_before_the_handshake_is_verified_from_any_signer_that_answers_our_hello()
    {
        var accepted = SessionSignal.Seal(SessionSignalKind.HelloAccepted, Stranger, OurHelloDigest);

        var verdict = CheckWithHelloSent().Open(accepted.Encode(), SessionSignalKind.HelloAccepted, peerKey: null);

        Assert.Equal(Stranger.PublicKey, Assert.IsType<SessionSignalVerdict.Accepted>(verdict).Signal.Signer);
    }

    [Fact]
    public void SessionSignalCheck_should_drop_without_suspicion_a_reply_to_no_hello_it_sent_lately()
    {
        var check = new SessionSignalCheck(rememberedHellos: 2, rememberedPings: 2);
        check.HelloSent(OurHello);
        check.HelloSent([5]);
        check.HelloSent([6]);
        var late = SessionSignal.Seal(SessionSignalKind.HelloAccepted, Peer, OurHelloDigest);
        var current = SessionSignal.Seal(SessionSignalKind.HelloAccepted, Peer, SessionSignalCheck.DigestOf([6]));

        var verdict = Assert.IsType<SessionSignalVerdict.Rejected>(check.Open(late.Encode(), SessionSignalKind.HelloAccepted, Peer.PublicKey));

        Assert.Equal(SessionSignalRejection.Unsolicited, verdict.Reason);
        Assert.False(verdict.RaisesSuspicion);
        Assert.IsType<SessionSignalVerdict.Accepted>(check.Open(current.Encode(), SessionSignalKind.HelloAccepted, Peer.PublicKey));
    }

    [Fact]
    public void SessionSignalCheck_should_refuse_an_unsigned_forged_or_foreign_ping()
    {
        var ping = SessionSignal.Seal(SessionSignalKind.Ping, Peer, Hash32.Zero, stamp: 42);
        var forged = ping with { Stamp = 43 };
        var foreign = SessionSignal.Seal(SessionSignalKind.Ping, Stranger, Hash32.Zero, stamp: 42);
        var check = CheckWithHelloSent();

        Assert.Equal(42, Assert.IsType<SessionSignalVerdict.Accepted>(check.Open(ping.Encode(), SessionSignalKind.Ping, Peer.PublicKey)).Signal.Stamp);
        Assert.Equal(SessionSignalRejection.BadSignature, RejectionOf(check.Open(Unsigned(ping), SessionSignalKind.Ping, Peer.PublicKey)));
        Assert.Equal(SessionSignalRejection.BadSignature, RejectionOf(check.Open(forged.Encode(), SessionSignalKind.Ping, Peer.PublicKey)));
        Assert.Equal(SessionSignalRejection.SignerMismatch, RejectionOf(check.Open(foreign.Encode(), SessionSignalKind.Ping, Peer.PublicKey)));
    }

    [Fact]
    public void SessionSignalCheck_should_take_one_signed_pong_per_ping_and_hand_back_the_stamp_it_recorded()
    {
        var check = new SessionSignalCheck(rememberedHellos: 2, rememberedPings: 2);
        var ping = SessionSignal.Seal(SessionSignalKind.Ping, Stranger, Hash32.Zero, stamp: 1_000).Encode();
        check.PingSent(ping, 1_000);
        var pong = SessionSignal.Seal(SessionSignalKind.Pong, Peer, SessionSignalCheck.DigestOf(ping), stamp: 999_999);

        var first = Assert.IsType<SessionSignalVerdict.Accepted>(check.Open(pong.Encode(), SessionSignalKind.Pong, Peer.PublicKey));

        Assert.Equal(1_000, first.PingStamp);
        Assert.Equal(SessionSignalRejection.Unsolicited, RejectionOf(check.Open(pong.Encode(), SessionSignalKind.Pong, Peer.PublicKey)));
    }

    [Fact]
    public void SessionSignalCheck_should_refuse_an_unsigned_or_foreign_pong_and_keep_the_ping_awaiting_the_true_one()
    {
        var check = new SessionSignalCheck(rememberedHellos: 2, rememberedPings: 2);
        var ping = SessionSignal.Seal(SessionSignalKind.Ping, Stranger, Hash32.Zero, stamp: 7).Encode();
        check.PingSent(ping, 7);
        var pong = SessionSignal.Seal(SessionSignalKind.Pong, Peer, SessionSignalCheck.DigestOf(ping), stamp: 7);
        var foreign = SessionSignal.Seal(SessionSignalKind.Pong, Stranger, SessionSignalCheck.DigestOf(ping), stamp: 7);

        Assert.Equal(SessionSignalRejection.BadSignature, RejectionOf(check.Open(Unsigned(pong), SessionSignalKind.Pong, Peer.PublicKey)));
        Assert.Equal(SessionSignalRejection.SignerMismatch, RejectionOf(check.Open(foreign.Encode(), SessionSignalKind.Pong, Peer.PublicKey)));
        Assert.IsType<SessionSignalVerdict.Accepted>(check.Open(pong.Encode(), SessionSignalKind.Pong, Peer.PublicKey));
    }

    [Fact]
    public void SessionSignalCheck_should_forget_the_oldest_ping_beyond_those_it_remembers()
    {
        var check = new SessionSignalCheck(rememberedHellos: 1, rememberedPings: 2);
        var pings = Enumerable.Range(1, 3).Select(i => SessionSignal.Seal(SessionSignalKind.Ping, Stranger, Hash32.Zero, stamp: i).Encode()).ToList();
        for (int i = 0; i < pings.Count; i++) check.PingSent(pings[i], i + 1);
        Hash32 Answering(int i) => SessionSignalCheck.DigestOf(pings[i]);

        Assert.Equal(SessionSignalRejection.Unsolicited, RejectionOf(check.Open(
            SessionSignal.Seal(SessionSignalKind.Pong, Peer, Answering(0), 1).Encode(), SessionSignalKind.Pong, Peer.PublicKey)));
        Assert.IsType<SessionSignalVerdict.Accepted>(check.Open(
            SessionSignal.Seal(SessionSignalKind.Pong, Peer, Answering(2), 3).Encode(), SessionSignalKind.Pong, Peer.PublicKey));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x12 })]
    [InlineData(new byte[] { 0x07, 0x01, 0x03 })]
    public void SessionSignalCheck_should_refuse_bytes_that_are_no_signal_as_malformed(byte[] bytes) =>
        Assert.Equal(SessionSignalRejection.Malformed, RejectionOf(CheckWithHelloSent().Open(bytes, SessionSignalKind.Ping, Peer.PublicKey)));

    [Fact]
    public void SessionSignalCheck_should_refuse_a_signal_of_another_kind_than_its_message_says()
    {
        var pong = SessionSignal.Seal(SessionSignalKind.Pong, Peer, OurHelloDigest, stamp: 1);

        Assert.Equal(SessionSignalRejection.WrongKind, RejectionOf(CheckWithHelloSent().Open(pong.Encode(), SessionSignalKind.HelloAccepted, Peer.PublicKey)));
    }

    [Fact]
    public void SessionSignal_should_refuse_to_decode_a_refusal_without_a_reason_or_a_detail_outside_a_refusal()
    {
        var accepted = SessionSignal.Seal(SessionSignalKind.HelloAccepted, Peer, OurHelloDigest);
        var withDetail = (accepted with { Detail = "x" }).Encode();
        var refusalWithoutReason = (accepted with { Kind = SessionSignalKind.HelloRefused }).Encode();

        Assert.Contains("session-signal.detail", Assert.Throws<CanonicalDecodingException>(() => SessionSignal.Decode(withDetail)).Message);
        Assert.Contains("session-signal.refusal", Assert.Throws<CanonicalDecodingException>(() => SessionSignal.Decode(refusalWithoutReason)).Message);
    }
}
