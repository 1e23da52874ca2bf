using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Time.Wire;
using Xunit;

namespace Roko.Actors.Tests.Time.Wire;

public sealed class TimeDatagramFormatTests
{
    private static readonly SigningKey Key = SigningKey.FromSeed("time-datagram-tests");
    private static readonly UInt128 Nonce = new(0x0102030405060708, 0x090a0b0c0d0e0f10);
    private static readonly UInt128 Token = new(0xa1a2a3a4a5a6a7a8, 0xb1b2b3b4b5b6b7b8);

    private static TimeAttestation Attestation() => TimeAttestation.Create(Nonce, Token, NanoMoment.FromUnixSeconds(1_800_000_000, 5),
        NanoMoment.FromUnixSeconds(1_800_000_000, 9_005), 1_250, ClockStatus.Synchronized, Key);

    [Fact]
    public void Every_datagram_should_round_trip_when_encoded_and_decoded()
    {
        TimeDatagram[] datagrams = [new TimeProbeDatagram(Nonce), new TimeEchoDatagram(Nonce, Token), Attestation()];

        foreach (var datagram in datagrams)
        {
            Assert.True(TimeDatagramFormat.TryDecode(TimeDatagramFormat.Encode(datagram), out var decoded, out string error), error);
            Assert.Equal(datagram, decoded);
        }
    }

    [Fact]
    public void Probe_should_be_larger_than_both_answers_together_when_encoded()
    {
        int answers = TimeDatagramFormat.Encode(new TimeEchoDatagram(Nonce, Token)).Length + TimeDatagramFormat.Encode(Attestation()).Length;

        Assert.Equal(TimeDatagramFormat.ProbeBytes, TimeDatagramFormat.Encode(new TimeProbeDatagram(Nonce)).Length);
        Assert.True(TimeDatagramFormat.ProbeBytes > answers, $"probe {TimeDatagramFormat.ProbeBytes} bytes, answers {answers}");
    }

    [Fact]
    public void Attestation_should_have_the_documented_layout_when_encoded()
    {
        byte[] bytes = TimeDatagramFormat.Encode(Attestation());

        Assert.Equal(161, bytes.Length);
        Assert.Equal("RKTM"u8.ToArray(), bytes[..4]);
        Assert.Equal([1, 3, 0, 0], bytes[4..8]);
        Assert.Equal(0x10, bytes[8]);
        Assert.Equal(1_250, BitConverter.ToInt64(bytes, 8 + 32 + 16));
        Assert.Equal((byte)ClockStatus.Synchronized, bytes[8 + 32 + 24]);
        Assert.Equal(Key.PublicKey.ToArray(), bytes[65..97]);
    }

    [Theory]
    [InlineData("not a time datagram", 0)]
    [InlineData("version 2 is not supported", 1)]
    [InlineData("kind 9 is unknown", 2)]
    [InlineData("a Echo has 40 bytes, got 41", 3)]
    [InlineData("error bound -1 ns is negative", 4)]
    [InlineData("clock status 7 is unknown", 5)]
    [InlineData("t3", 6)]
    public void Decode_should_say_which_field_is_wrong_when_the_datagram_is_malformed(string expected, int defect)
    {
        byte[] bytes = defect switch
        {
            0 => "ROUGHTIM and more"u8.ToArray(),
            1 => Patched(TimeDatagramFormat.Encode(new TimeProbeDatagram(Nonce)), 4, 2),
            2 => Patched(TimeDatagramFormat.Encode(new TimeEchoDatagram(Nonce, Token)), 5, 9),
            3 => [.. TimeDatagramFormat.Encode(new TimeEchoDatagram(Nonce, Token)), 0],
            4 => TimeDatagramFormat.Encode(Attestation() with { ErrorBoundNanos = -1 }),
            5 => Patched(TimeDatagramFormat.Encode(Attestation()), 8 + 32 + 24, 7),
            _ => TimeDatagramFormat.Encode(Attestation() with { T3 = NanoMoment.FromUnixSeconds(1_799_999_999) }),
        };

        Assert.False(TimeDatagramFormat.TryDecode(bytes, out var decoded, out string error));
        Assert.Null(decoded);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSentFrame_should_find_our_datagram_at_the_end_of_a_frame_with_headers()
    {
        byte[] headers = new byte[14 + 20 + 8];
        Random.Shared.NextBytes(headers);
        var echo = new TimeEchoDatagram(Nonce, Token);
        var probe = new TimeProbeDatagram(Nonce);

        Assert.Equal(echo, TimeDatagramFormat.FromSentFrame([.. headers, .. TimeDatagramFormat.Encode(echo)]));
        Assert.Equal(probe, TimeDatagramFormat.FromSentFrame([.. headers, .. TimeDatagramFormat.Encode(probe)]));
        Assert.Null(TimeDatagramFormat.FromSentFrame([.. headers, .. TimeDatagramFormat.Encode(Attestation())]));
    }

    private static byte[] Patched(byte[] bytes, int at, byte value)
    {
        bytes[at] = value;
        return bytes;
    }
}
