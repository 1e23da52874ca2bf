using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Primitives;

namespace Roko.Actors.Network;

/// <summary>
/// What every overlay message travels in: its type, send priority, the NanoMoment it was signed at, the payload
/// (canonical bytes of the application message) and the Ed25519 signature of <paramref name="Signer"/> over the
/// canonical encoding of everything before the signature. Encoding (version 1, little-endian):
/// <c>0x07 0x01 | type: u32 length + UTF-8 | priority: u8 | timestamp: i64 ns | payload: u32 length + bytes |
/// signer: 32 bytes | signature: 64 bytes</c>.
/// </summary>
public sealed record Envelope(
    string Type, MessagePriority Priority, NanoMoment Timestamp, byte[] Payload, PublicKey Signer, Signature Signature)
{
    public const byte Version = 1;
    /// <summary>Longest message type name, in UTF-8 bytes.</summary>
    public const int MaxTypeBytes = 64;

    /// <summary>Signs <paramref name="payload"/> as a message of <paramref name="type"/> at <paramref name="timestamp"/>.</summary>
    public static Envelope Seal(string type, MessagePriority priority, NanoMoment timestamp, byte[] payload, SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(key);
        var signed = WriteSigned(type, priority, timestamp, payload, key.PublicKey);
        return new Envelope(type, priority, timestamp, payload, key.PublicKey, key.Sign(signed.WrittenSpan));
    }

    /// <summary>The canonical bytes the signature covers: header, type, priority, timestamp, payload, signer.</summary>
    public byte[] SignedBytes() => WriteSigned(Type, Priority, Timestamp, Payload, Signer).ToArray();

    public bool HasValidSignature()
    {
        var signed = WriteSigned(Type, Priority, Timestamp, Payload, Signer);
        Span<byte> signature = stackalloc byte[Signature.Size];
        Signature.CopyTo(signature);
        return Ed25519.Verify(Signer.Bytes.ToArray(), signed.WrittenSpan, signature);
    }

    public byte[] Encode()
    {
        var writer = WriteSigned(Type, Priority, Timestamp, Payload, Signer);
        Span<byte> signature = stackalloc byte[Signature.Size];
        Signature.CopyTo(signature);
        writer.WriteFixed(signature);
        return writer.ToArray();
    }

    /// <summary>Decodes strictly; throws <see cref="CanonicalDecodingException"/> naming the bad field.</summary>
    public static Envelope Decode(ReadOnlySpan<byte> bytes, int maxPayloadBytes)
    {
        var reader = new CanonicalReader(bytes);
        reader.Header(CanonicalTag.Envelope, Version, "envelope");
        string type = reader.ReadString("envelope.type", MaxTypeBytes);
        byte priority = reader.ReadU8("envelope.priority");
        if (!Enum.IsDefined((MessagePriority)priority))
            throw new CanonicalDecodingException("envelope.priority", $"unknown priority {priority}");
        var timestamp = reader.ReadMoment("envelope.timestamp");
        byte[] payload = reader.ReadBytes("envelope.payload", maxPayloadBytes).ToArray();
        var signer = PublicKey.FromBytes(reader.ReadFixed(PublicKey.Size, "envelope.signer"));
        var signature = Signature.FromBytes(reader.ReadFixed(Signature.Size, "envelope.signature"));
        reader.End("envelope");
        return new Envelope(type, (MessagePriority)priority, timestamp, payload, signer, signature);
    }

    private static CanonicalWriter WriteSigned(
        string type, MessagePriority priority, NanoMoment timestamp, byte[] payload, PublicKey signer)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (System.Text.Encoding.UTF8.GetByteCount(type) > MaxTypeBytes)
            throw new ArgumentException($"an envelope type has at most {MaxTypeBytes} UTF-8 bytes", nameof(type));
        var writer = new CanonicalWriter(payload.Length + 160);
        writer.Header(CanonicalTag.Envelope, Version)
            .WriteString(type)
            .WriteU8((byte)priority)
            .WriteMoment(timestamp)
            .WriteBytes(payload);
        Span<byte> key = stackalloc byte[PublicKey.Size];
        signer.Bytes.CopyTo(key);
        writer.WriteFixed(key);
        return writer;
    }
}
