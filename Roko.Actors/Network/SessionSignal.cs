using Roko.Actors.Crypto;
using Roko.Actors.Primitives;

namespace Roko.Actors.Network;

/// <summary>What a <see cref="SessionSignal"/> says.</summary>
public enum SessionSignalKind : byte
{
    /// <summary>The signer verified the handshake whose digest it answers.</summary>
    HelloAccepted = 1,
    /// <summary>The signer refused the handshake whose digest it answers, for a <see cref="HandshakeRefusal"/>.</summary>
    HelloRefused = 2,
    /// <summary>An RTT probe stamped with the signer's clock midpoint.</summary>
    Ping = 3,
    /// <summary>The answer to the ping whose digest it answers, echoing its stamp.</summary>
    Pong = 4,
}

/// <summary>
/// A peer session's own message — a handshake reply, a ping or a pong — signed by the sending node's key, so the peer can
/// tell it came from the node whose handshake it verified. A reply names the exact message it answers by its digest
/// (<paramref name="Answers"/>: SHA-256 of the encoded hello or ping), which only the node that received that message
/// can know: a reply cannot be made up ahead, nor replayed from another session. Encoding (version 1, little-endian):
/// <c>0x12 0x01 | kind: u8 | signer: 32 bytes | answers: 32 bytes (zero for a ping) | stamp: i64 ns (ping: sent at; pong:
/// the ping's; else 0) | refusal: u8 (0: none, else HandshakeRefusal + 1; only a hello-refused has one) | detail: u32
/// length + UTF-8 (≤ 512 bytes; only a hello-refused) | signature: 64 bytes</c>; the signature covers everything before it.
/// </summary>
public sealed record SessionSignal(
    SessionSignalKind Kind, PublicKey Signer, Hash32 Answers, long Stamp, HandshakeRefusal? Refusal, string Detail, Signature Signature)
{
    public const byte Version = 1;
    public const int MaxDetailBytes = 512;

    /// <summary>A signal of <paramref name="kind"/> signed by <paramref name="key"/>; a refusal's detail is cut to <see cref="MaxDetailBytes"/>.</summary>
    public static SessionSignal Seal(SessionSignalKind kind, SigningKey key, Hash32 answers, long stamp = 0, HandshakeRefusal? refusal = null,
        string detail = "")
    {
        ArgumentNullException.ThrowIfNull(key);
        if ((kind == SessionSignalKind.HelloRefused) != refusal.HasValue)
            throw new ArgumentException("a hello-refused signal, and only it, carries a refusal", nameof(refusal));
        detail = Truncate(detail);
        var signed = WriteSigned(kind, key.PublicKey, answers, stamp, refusal, detail);
        return new SessionSignal(kind, key.PublicKey, answers, stamp, refusal, detail, key.Sign(signed.WrittenSpan));
    }

    public bool HasValidSignature()
    {
        var signed = WriteSigned(Kind, Signer, Answers, Stamp, Refusal, Detail);
        Span<byte> signature = stackalloc byte[Signature.Size];
        Signature.CopyTo(signature);
        return Ed25519.Verify(Signer.Bytes.ToArray(), signed.WrittenSpan, signature);
    }

    public byte[] Encode()
    {
        var writer = WriteSigned(Kind, Signer, Answers, Stamp, Refusal, Detail);
        Span<byte> signature = stackalloc byte[Signature.Size];
        Signature.CopyTo(signature);
        return writer.WriteFixed(signature).ToArray();
    }

    /// <summary>Decodes strictly; throws <see cref="CanonicalDecodingException"/> naming the bad field.</summary>
    public static SessionSignal Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        reader.Header(CanonicalTag.SessionSignal, Version, "session-signal");
        byte kind = reader.ReadU8("session-signal.kind");
        if (!Enum.IsDefined((SessionSignalKind)kind))
            throw new CanonicalDecodingException("session-signal.kind", $"unknown kind {kind}");
        var signer = PublicKey.FromBytes(reader.ReadFixed(PublicKey.Size, "session-signal.signer"));
        var answers = reader.ReadHash("session-signal.answers");
        long stamp = reader.ReadI64("session-signal.stamp");
        byte refusalByte = reader.ReadU8("session-signal.refusal");
        HandshakeRefusal? refusal = refusalByte == 0 ? null : (HandshakeRefusal)(refusalByte - 1);
        if (refusal is { } r && !Enum.IsDefined(r))
            throw new CanonicalDecodingException("session-signal.refusal", $"unknown refusal {refusalByte}");
        if (((SessionSignalKind)kind == SessionSignalKind.HelloRefused) != refusal.HasValue)
            throw new CanonicalDecodingException("session-signal.refusal", $"a {(SessionSignalKind)kind} signal {(refusal.HasValue ? "carries" : "lacks")} a refusal");
        string detail = reader.ReadString("session-signal.detail", MaxDetailBytes);
        if (refusal is null && detail.Length > 0)
            throw new CanonicalDecodingException("session-signal.detail", "only a hello-refused signal carries a detail");
        var signature = Signature.FromBytes(reader.ReadFixed(Signature.Size, "session-signal.signature"));
        reader.End("session-signal");
        return new SessionSignal((SessionSignalKind)kind, signer, answers, stamp, refusal, detail, signature);
    }

    private static CanonicalWriter WriteSigned(SessionSignalKind kind, PublicKey signer, Hash32 answers, long stamp, HandshakeRefusal? refusal,
        string detail)
    {
        var writer = new CanonicalWriter(160 + detail.Length).Header(CanonicalTag.SessionSignal, Version).WriteU8((byte)kind);
        Span<byte> key = stackalloc byte[PublicKey.Size];
        signer.Bytes.CopyTo(key);
        return writer.WriteFixed(key)
            .WriteHash(answers)
            .WriteI64(stamp)
            .WriteU8(refusal is { } r ? (byte)((byte)r + 1) : (byte)0)
            .WriteString(detail);
    }

    private static string Truncate(string detail)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(detail) <= MaxDetailBytes) return detail;
        int length = Math.Min(detail.Length, MaxDetailBytes);
        while (System.Text.Encoding.UTF8.GetByteCount(detail.AsSpan(0, length)) > MaxDetailBytes) length--;
        if (length > 0 && char.IsHighSurrogate(detail[length - 1])) length--;
        return detail[..length];
    }
}
