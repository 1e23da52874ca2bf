using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Time.Wire;

/// <summary>What travels on the time-probe UDP socket (<see cref="TimeDatagramFormat"/> has the layout).</summary>
public abstract record TimeDatagram
{
    private protected TimeDatagram()
    {
    }

    /// <summary>The prober's nonce: an echo and an attestation answer the probe that carried it.</summary>
    public abstract UInt128 Nonce { get; init; }
}

/// <summary>A prober asks for the time. Padded to <see cref="TimeDatagramFormat.ProbeBytes"/>, more than both answers together.</summary>
public sealed record TimeProbeDatagram(UInt128 Nonce) : TimeDatagram
{
    public override UInt128 Nonce { get; init; } = Nonce;
}

/// <summary>
/// Sent back at once on a probe's arrival: its transmit stamp (t3) and the probe's receive stamp (t2) are what the
/// attestation that follows vouches for; the prober stamps its arrival (t4). <paramref name="Token"/> is fresh and
/// random, and the attestation signs it, so nobody can forge an echo that arrives earlier than the real one.
/// </summary>
public sealed record TimeEchoDatagram(UInt128 Nonce, UInt128 Token) : TimeDatagram
{
    public override UInt128 Nonce { get; init; } = Nonce;
}

/// <summary>
/// The answering node's signed statement about its echo: it received the probe with <paramref name="Nonce"/> at
/// <paramref name="T2"/> and sent the echo carrying <paramref name="Token"/> at <paramref name="T3"/>, both on its clock,
/// whose error it bounds by <paramref name="ErrorBoundNanos"/> (<see cref="long.MaxValue"/>: unbounded) with
/// <paramref name="Status"/>. <paramref name="Signature"/> is <paramref name="Signer"/>'s Ed25519 signature over
/// <see cref="SigningMessage"/>.
/// </summary>
public sealed record TimeAttestation(
    UInt128 Nonce,
    UInt128 Token,
    NanoMoment T2,
    NanoMoment T3,
    long ErrorBoundNanos,
    ClockStatus Status,
    PublicKey Signer,
    Signature Signature) : TimeDatagram
{
    public const string SigningDomain = "roko/time-attestation/v1";

    public override UInt128 Nonce { get; init; } = Nonce;

    /// <summary>Whether the signer vouches for its time: not unsynchronized, with a bounded error.</summary>
    public bool IsUsableSource => Status != ClockStatus.Unsynchronized && ErrorBoundNanos is >= 0 and < long.MaxValue;

    public static TimeAttestation Create(UInt128 nonce, UInt128 token, NanoMoment t2, NanoMoment t3, long errorBoundNanos,
        ClockStatus status, SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var unsigned = new TimeAttestation(nonce, token, t2, t3, errorBoundNanos, status, key.PublicKey, default);
        return unsigned with { Signature = key.Sign(unsigned.SigningMessage()) };
    }

    /// <summary>The signed bytes: the domain, then the datagram's encoding up to (not including) the signature.</summary>
    public byte[] SigningMessage()
    {
        byte[] domain = System.Text.Encoding.UTF8.GetBytes(SigningDomain);
        var message = new byte[1 + domain.Length + TimeDatagramFormat.AttestationSignedBytes];
        message[0] = (byte)domain.Length;
        domain.CopyTo(message, 1);
        TimeDatagramFormat.WriteAttestationFields(this, message.AsSpan(1 + domain.Length));
        return message;
    }

    /// <summary>
    /// Why this attestation must be refused when it should come from <paramref name="expectedSigner"/>, or null when its
    /// signature verifies. An all-zero signature is an unsigned reply.
    /// </summary>
    public AttestationRefusal? Check(PublicKey expectedSigner)
    {
        if (Signature == default) return AttestationRefusal.Unsigned;
        if (Signer != expectedSigner) return AttestationRefusal.WrongSigner;
        return Ed25519.Verify(Signer.ToArray(), SigningMessage(), Signature.ToArray()) ? null : AttestationRefusal.BadSignature;
    }
}

/// <summary>Why a time-probe reply was refused (metric label, snake case).</summary>
public enum AttestationRefusal
{
    /// <summary>No signature: an echo whose attestation never came, or an attestation with an empty signature.</summary>
    Unsigned,

    /// <summary>The signature does not verify under the signer's key: forged or altered.</summary>
    BadSignature,

    /// <summary>Signed, but by a key other than the one the peer announced in its handshake.</summary>
    WrongSigner,

    /// <summary>A reply to no probe of ours that is still waiting (late, replayed, or made up).</summary>
    UnknownProbe,

    /// <summary>Not a well-formed time datagram.</summary>
    Malformed,
}
