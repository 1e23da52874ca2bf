using Roko.Actors.Nodes;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Network;
using Roko.Actors.Primitives;
using Xunit;

namespace Roko.Actors.Tests.Network;

public sealed class HandshakeCheckTests
{
    private static readonly SigningKey Key = SigningKey.FromSeed("handshake-tests");
    private static readonly Hash32 Genesis = Sha256.Hash([1, 2, 3]);
    private static readonly NanoMoment T0 = NanoMoment.FromUnixSeconds(1_800_000_000);
    private static readonly NanoInterval Now = NanoInterval.Around(T0, 10_000_000);
    private static readonly HandshakeCheck Check =
        new(new EnvelopeValidator(EnvelopeSettings.Create(RokoConfig.Defaults)), "roko-devnet", Genesis);

    private static Handshake Ours(string chain = "roko-devnet", Hash32? genesis = null) =>
        new(Key.PublicKey, "validator", Region.Europe, chain, genesis ?? Genesis, "1.0.0", ClockStatus.Synchronized, 2_000_000);

    private static HandshakeRefusal RefusalOf(Envelope envelope) =>
        Assert.IsType<HandshakeVerdict.Refused>(Check.Verify(envelope.Encode(), Now)).Reason;

    [Fact]
    public void Handshake_should_round_trip_its_payload_when_decoded()
    {
        var handshake = Ours();

        Assert.Equal(handshake, Handshake.Decode(handshake.Encode()));
    }

    [Theory]
    [InlineData(AcceptedCodecs.None)]
    [InlineData(AcceptedCodecs.Deflate)]
    [InlineData(AcceptedCodecs.All)]
    public void Handshake_should_carry_the_codecs_its_node_accepts(AcceptedCodecs codecs)
    {
        var handshake = Ours() with { Codecs = codecs };

        var decoded = Handshake.Decode(handshake.Encode());

        Assert.Equal(codecs, decoded.Codecs);
        Assert.Equal(handshake, decoded);
    }

    [Fact]
    public void Handshake_should_refuse_codec_bits_it_does_not_know()
    {
        var bytes = Ours().Encode();
        bytes[^1] = 0x80;

        var e = Assert.Throws<CanonicalDecodingException>(() => Handshake.Decode(bytes));
        Assert.Contains("handshake.codecs", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_should_accept_a_handshake_when_chain_genesis_and_signature_match()
    {
        var verdict = Assert.IsType<HandshakeVerdict.Accepted>(Check.Verify(Ours().Seal(Key, T0).Encode(), Now));

        Assert.Equal(Region.Europe, verdict.Handshake.Region);
        Assert.Equal(T0, verdict.SignedAt);
    }

    [Fact]
    public void Check_should_refuse_when_the_chain_id_differs() =>
        Assert.Equal(HandshakeRefusal.WrongChain, RefusalOf(Ours(chain: "other-chain").Seal(Key, T0)));

    [Fact]
    public void Check_should_refuse_when_the_genesis_hash_differs() =>
        Assert.Equal(HandshakeRefusal.WrongGenesis, RefusalOf(Ours(genesis: Sha256.Hash([9])).Seal(Key, T0)));

    [Fact]
    public void Check_should_refuse_as_bad_signature_when_the_handshake_was_altered() =>
        Assert.Equal(HandshakeRefusal.BadSignature,
            RefusalOf(Ours().Seal(Key, T0) with { Payload = Ours(chain: "roko-devneT").Encode() }));

    [Fact]
    public void Check_should_refuse_when_signed_by_a_key_other_than_the_announced_node_key()
    {
        var other = SigningKey.FromSeed("impostor");
        var envelope = Envelope.Seal(Handshake.EnvelopeType, MessagePriority.Consensus, T0, Ours().Encode(), other);

        Assert.Equal(HandshakeRefusal.SignerMismatch, RefusalOf(envelope));
    }

    [Fact]
    public void Check_should_refuse_when_the_handshake_is_a_replay_from_long_ago() =>
        Assert.Equal(HandshakeRefusal.BadTimestamp, RefusalOf(Ours().Seal(Key, T0.Add(TimeSpan.FromHours(-1)))));

    [Fact]
    public void Check_should_refuse_as_malformed_when_the_envelope_is_not_a_handshake() =>
        Assert.Equal(HandshakeRefusal.Malformed,
            RefusalOf(Envelope.Seal("roko/block", MessagePriority.Block, T0, Ours().Encode(), Key)));
}
