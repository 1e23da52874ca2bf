using System.Buffers.Binary;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Time.Wire;

/// <summary>
/// The time-probe datagrams, version 1 (docs/time.md, "Time probes at the wire"). Every datagram starts with an
/// 8-byte header: magic <c>"RKTM"</c>, u8 version, u8 kind, u16 zero. Then, little-endian:
/// <code>
/// probe (1)        nonce 16 ‖ zero padding to 256 bytes
/// echo (2)         nonce 16 ‖ token 16                                               (40 bytes)
/// attestation (3)  nonce 16 ‖ token 16 ‖ i64 t2 ‖ i64 t3 ‖ i64 error bound ‖ u8 status ‖
///                  32 signer public key ‖ 64 Ed25519 signature                           (161 bytes)
/// </code>
/// The magic and version let other services answer on the same socket later (a Roughtime request starts with
/// "ROUGHTIM") and let version 2 change the layout; a probe is larger than the echo and the attestation together, so
/// a forged source address gets no amplification.
/// </summary>
public static class TimeDatagramFormat
{
    public const byte Version = 1;
    public const int HeaderBytes = 8;
    public const int NonceBytes = 16;
    public const int ProbeBytes = 256;
    public const int EchoBytes = HeaderBytes + 2 * NonceBytes;
    public const int AttestationBytes = AttestationSignedBytes + Signature.Size;

    /// <summary>Bytes of an attestation up to its signature: the part the signature covers.</summary>
    public const int AttestationSignedBytes = HeaderBytes + 2 * NonceBytes + 3 * sizeof(long) + 1 + PublicKey.Size;

    /// <summary>The longest datagram of this version.</summary>
    public const int LargestBytes = ProbeBytes;

    private static ReadOnlySpan<byte> Magic => "RKTM"u8;

    private const int KindOffset = 5;
    private const int VersionOffset = 4;

    public static byte[] Encode(TimeDatagram datagram)
    {
        ArgumentNullException.ThrowIfNull(datagram);
        switch (datagram)
        {
            case TimeProbeDatagram probe:
            {
                var bytes = new byte[ProbeBytes];
                WriteHeader(bytes, TimeDatagramKind.Probe);
                BinaryPrimitives.WriteUInt128LittleEndian(bytes.AsSpan(HeaderBytes), probe.Nonce);
                return bytes;
            }
            case TimeEchoDatagram echo:
            {
                var bytes = new byte[EchoBytes];
                WriteHeader(bytes, TimeDatagramKind.Echo);
                BinaryPrimitives.WriteUInt128LittleEndian(bytes.AsSpan(HeaderBytes), echo.Nonce);
                BinaryPrimitives.WriteUInt128LittleEndian(bytes.AsSpan(HeaderBytes + NonceBytes), echo.Token);
                return bytes;
            }
            case TimeAttestation attestation:
            {
                var bytes = new byte[AttestationBytes];
                WriteAttestationFields(attestation, bytes);
                attestation.Signature.CopyTo(bytes.AsSpan(AttestationSignedBytes));
                return bytes;
            }
            default:
                throw new ArgumentException($"unknown time datagram {datagram.GetType().Name}", nameof(datagram));
        }
    }

    /// <summary>The attestation's header and fields up to its signature, into the first <see cref="AttestationSignedBytes"/> of <paramref name="into"/>.</summary>
    public static void WriteAttestationFields(TimeAttestation attestation, Span<byte> into)
    {
        ArgumentNullException.ThrowIfNull(attestation);
        WriteHeader(into, TimeDatagramKind.Attestation);
        var fields = into[HeaderBytes..];
        BinaryPrimitives.WriteUInt128LittleEndian(fields, attestation.Nonce);
        BinaryPrimitives.WriteUInt128LittleEndian(fields[NonceBytes..], attestation.Token);
        int at = 2 * NonceBytes;
        BinaryPrimitives.WriteInt64LittleEndian(fields[at..], attestation.T2.UnixNanoseconds);
        BinaryPrimitives.WriteInt64LittleEndian(fields[(at + 8)..], attestation.T3.UnixNanoseconds);
        BinaryPrimitives.WriteInt64LittleEndian(fields[(at + 16)..], attestation.ErrorBoundNanos);
        fields[at + 24] = (byte)attestation.Status;
        attestation.Signer.Bytes.CopyTo(fields.Slice(at + 25, PublicKey.Size));
    }

    /// <summary>Decodes one datagram, or says which field is wrong and why.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out TimeDatagram? datagram, out string error)
    {
        datagram = null;
        error = "";
        if (bytes.Length < HeaderBytes || !bytes[..Magic.Length].SequenceEqual(Magic))
        {
            error = $"not a time datagram: {bytes.Length} bytes without the \"RKTM\" magic";
            return false;
        }
        if (bytes[VersionOffset] != Version)
        {
            error = $"version {bytes[VersionOffset]} is not supported (this node speaks {Version})";
            return false;
        }
        var kind = (TimeDatagramKind)bytes[KindOffset];
        int expected = kind switch
        {
            TimeDatagramKind.Probe => ProbeBytes,
            TimeDatagramKind.Echo => EchoBytes,
            TimeDatagramKind.Attestation => AttestationBytes,
            _ => -1,
        };
        if (expected < 0)
        {
            error = $"kind {bytes[KindOffset]} is unknown";
            return false;
        }
        if (bytes.Length != expected)
        {
            error = $"a {kind} has {expected} bytes, got {bytes.Length}";
            return false;
        }
        var fields = bytes[HeaderBytes..];
        var nonce = BinaryPrimitives.ReadUInt128LittleEndian(fields);
        if (kind == TimeDatagramKind.Probe)
        {
            datagram = new TimeProbeDatagram(nonce);
            return true;
        }
        var token = BinaryPrimitives.ReadUInt128LittleEndian(fields[NonceBytes..]);
        if (kind == TimeDatagramKind.Echo)
        {
            datagram = new TimeEchoDatagram(nonce, token);
            return true;
        }
        int at = 2 * NonceBytes;
        long t2 = BinaryPrimitives.ReadInt64LittleEndian(fields[at..]);
        long t3 = BinaryPrimitives.ReadInt64LittleEndian(fields[(at + 8)..]);
        long bound = BinaryPrimitives.ReadInt64LittleEndian(fields[(at + 16)..]);
        byte status = fields[at + 24];
        if (bound < 0)
        {
            error = $"attestation error bound {bound} ns is negative";
            return false;
        }
        if (!Enum.IsDefined((ClockStatus)status))
        {
            error = $"attestation clock status {status} is unknown";
            return false;
        }
        if (t3 < t2)
        {
            error = $"attestation t3 {t3} is before t2 {t2}";
            return false;
        }
        var signer = PublicKey.FromBytes(fields.Slice(at + 25, PublicKey.Size));
        var signature = Signature.FromBytes(bytes[AttestationSignedBytes..]);
        datagram = new TimeAttestation(nonce, token, new NanoMoment(t2), new NanoMoment(t3), bound, (ClockStatus)status, signer, signature);
        return true;
    }

    /// <summary>
    /// Which of our own datagrams a looped transmit frame carries: the frame holds every header and the datagram at its
    /// end, so its tail is tried as a probe and as an echo. Null when it is neither (or another kind).
    /// </summary>
    public static TimeDatagram? FromSentFrame(ReadOnlySpan<byte> frame)
    {
        foreach (int length in (ReadOnlySpan<int>)[ProbeBytes, EchoBytes])
        {
            if (frame.Length < length) continue;
            if (TryDecode(frame[^length..], out var datagram, out _) && datagram is TimeProbeDatagram or TimeEchoDatagram) return datagram;
        }
        return null;
    }

    /// <summary>A fresh random nonce or echo token.</summary>
    public static UInt128 RandomNonce()
    {
        Span<byte> bytes = stackalloc byte[NonceBytes];
        System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
        return BinaryPrimitives.ReadUInt128LittleEndian(bytes);
    }

    private static void WriteHeader(Span<byte> bytes, TimeDatagramKind kind)
    {
        Magic.CopyTo(bytes);
        bytes[VersionOffset] = Version;
        bytes[KindOffset] = (byte)kind;
        bytes[6] = 0;
        bytes[7] = 0;
    }
}

/// <summary>The kind byte of a time datagram.</summary>
public enum TimeDatagramKind : byte
{
    Probe = 1,
    Echo = 2,
    Attestation = 3,
}
