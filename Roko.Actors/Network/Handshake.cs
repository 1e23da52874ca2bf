using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Primitives;

namespace Roko.Actors.Network;

/// <summary>
/// What a node says about itself when a peer session opens. It travels as the payload of an
/// <see cref="Envelope"/> of type <see cref="EnvelopeType"/> signed by <paramref name="NodeKey"/>, so the envelope
/// signature is the handshake signature and the envelope timestamp is its NanoMoment. Payload encoding:
/// <c>node key: 32 bytes | role: string | region: string | chain id: string | genesis hash: 32 bytes |
/// version: string | clock status: u8 | clock uncertainty: i64 ns | accepted codecs: u8</c> (strings are u32 length +
/// UTF-8; the codecs are the <see cref="AcceptedCodecs"/> bits: what the peer may compress the frames it sends us with).
/// </summary>
public sealed record Handshake(
    PublicKey NodeKey, string Role, Region Region, string ChainId, Hash32 GenesisHash, string Version,
    ClockStatus ClockStatus, long ClockUncertaintyNanos, AcceptedCodecs Codecs = AcceptedCodecs.None)
{
    public const string EnvelopeType = "roko/handshake";
    private const int MaxTextBytes = 128;

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(256);
        Span<byte> key = stackalloc byte[PublicKey.Size];
        NodeKey.Bytes.CopyTo(key);
        return writer.WriteFixed(key)
            .WriteString(Role)
            .WriteString(Region.ToText())
            .WriteString(ChainId)
            .WriteHash(GenesisHash)
            .WriteString(Version)
            .WriteU8((byte)ClockStatus)
            .WriteI64(ClockUncertaintyNanos)
            .WriteU8((byte)Codecs)
            .ToArray();
    }

    /// <summary>Decodes strictly; throws <see cref="CanonicalDecodingException"/> naming the bad field.</summary>
    public static Handshake Decode(ReadOnlySpan<byte> payload)
    {
        var reader = new CanonicalReader(payload);
        var key = PublicKey.FromBytes(reader.ReadFixed(PublicKey.Size, "handshake.node-key"));
        string role = reader.ReadString("handshake.role", MaxTextBytes);
        string regionText = reader.ReadString("handshake.region", MaxTextBytes);
        if (!RegionText.TryParse(regionText, out var region))
            throw new CanonicalDecodingException("handshake.region", $"unknown region '{regionText}'");
        string chainId = reader.ReadString("handshake.chain-id", MaxTextBytes);
        var genesis = reader.ReadHash("handshake.genesis-hash");
        string version = reader.ReadString("handshake.version", MaxTextBytes);
        byte status = reader.ReadU8("handshake.clock-status");
        if (!Enum.IsDefined((ClockStatus)status))
            throw new CanonicalDecodingException("handshake.clock-status", $"unknown clock status {status}");
        long uncertainty = reader.ReadI64("handshake.clock-uncertainty");
        byte codecs = reader.ReadU8("handshake.codecs");
        if ((codecs & ~(byte)AcceptedCodecs.All) != 0)
            throw new CanonicalDecodingException("handshake.codecs", $"unknown codec bits 0x{codecs:X2}");
        reader.End("handshake");
        return new Handshake(key, role, region, chainId, genesis, version, (ClockStatus)status, uncertainty, (AcceptedCodecs)codecs);
    }

    /// <summary>This handshake signed by <paramref name="key"/> (which must be <see cref="NodeKey"/>) at <paramref name="at"/>.</summary>
    public Envelope Seal(SigningKey key, NanoMoment at)
    {
        if (key.PublicKey != NodeKey) throw new ArgumentException("the handshake must be signed with its own node key", nameof(key));
        return Envelope.Seal(EnvelopeType, MessagePriority.Consensus, at, Encode(), key);
    }
}
