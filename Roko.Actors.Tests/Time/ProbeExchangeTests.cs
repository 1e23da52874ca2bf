using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Time;
using Roko.Actors.Time.Wire;
using Xunit;

namespace Roko.Actors.Tests.Time;

public sealed class ProbeExchangeTests
{
    private static readonly SigningKey Peer = SigningKey.FromSeed("exchange-peer");
    private static readonly IClockSource Source = new SimulatedClockSource(new SimulatedClockOptions());
    private static readonly UInt128 Nonce = 77;
    private static readonly UInt128 Token = 88;

    private static ProbeExchange Sent() =>
        new() { Peer = "peer", Signer = Peer.PublicKey, Source = Source, Sequence = 0, SentAtRaw = 1_000 };

    private static TimeAttestation Attestation(UInt128 token) =>
        TimeAttestation.Create(Nonce, token, new NanoMoment(6_000), new NanoMoment(6_100), 500, ClockStatus.Synchronized, Peer);

    [Fact]
    public void Exchange_should_build_a_sample_from_t1_the_signed_echo_and_its_attestation()
    {
        var exchange = Sent()
            .Departed(new RawStamp(Source, 1_000, 20, AtWire: true))
            .Echoed(Token, new RawStamp(Source, 1_300, 30, AtWire: true))
            .Attested(Attestation(Token));

        Assert.True(exchange.IsComplete);
        Assert.True(exchange.TryBuildSample(maxDriftPpm: 0, readNoiseNanos: 0, out var sample, out string error), error);
        Assert.Equal(200, sample!.DelayNanos);
        Assert.Equal(((6_000 - 1_000) + (6_100 - 1_300)) / 2, sample.OffsetNanos);
        // The peer's bound, widened by the error of carrying each of our kernel stamps onto the raw source.
        Assert.Equal(500 + 20 + 30, sample.PeerErrorNanos);
    }

    [Fact]
    public void Exchange_should_take_t4_only_from_the_echo_whose_token_the_attestation_signs()
    {
        var exchange = Sent()
            .Departed(new RawStamp(Source, 1_000, 0, AtWire: true))
            .Echoed(Token + 1, new RawStamp(Source, 1_010, 0, AtWire: true))
            .Echoed(Token, new RawStamp(Source, 1_300, 0, AtWire: true))
            .Attested(Attestation(Token));

        Assert.True(exchange.TryBuildSample(0, 0, out var sample, out _));
        Assert.Equal(new NanoMoment(1_300), sample!.T4);
    }

    [Fact]
    public void Exchange_should_not_be_complete_while_the_signed_echo_or_t1_is_missing()
    {
        var forgedEchoOnly = Sent().Departed(new RawStamp(Source, 1_000, 0, true)).Echoed(Token + 1, new RawStamp(Source, 1_010, 0, true))
            .Attested(Attestation(Token));
        var noDeparture = Sent().Echoed(Token, new RawStamp(Source, 1_300, 0, true)).Attested(Attestation(Token));

        Assert.False(forgedEchoOnly.IsComplete);
        Assert.False(noDeparture.IsComplete);
        Assert.False(forgedEchoOnly.TryBuildSample(0, 0, out _, out string error));
        Assert.Contains("not complete", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Exchange_should_keep_at_most_a_few_echoes()
    {
        var exchange = Sent();
        for (int i = 0; i < 10; i++) exchange = exchange.Echoed((UInt128)i, new RawStamp(Source, 1_000 + i, 0, true));

        Assert.Equal(ProbeExchange.MaxEchoes, exchange.Echoes.Length);
    }

    [Fact]
    public void Exchange_should_refuse_stamps_taken_on_another_source()
    {
        var other = new SimulatedClockSource(new SimulatedClockOptions());
        var exchange = Sent()
            .Departed(new RawStamp(other, 1_000, 0, true))
            .Echoed(Token, new RawStamp(Source, 1_300, 0, true))
            .Attested(Attestation(Token));

        Assert.False(exchange.TryBuildSample(0, 0, out _, out string error));
        Assert.Contains("t1 was taken on", error, StringComparison.Ordinal);
    }
}
