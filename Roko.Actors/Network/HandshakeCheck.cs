using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Primitives;

namespace Roko.Actors.Network;

/// <summary>Why a peer's handshake was refused.</summary>
public enum HandshakeRefusal
{
    /// <summary>The envelope failed validation other than its signature (format, size, not a handshake).</summary>
    Malformed,
    BadSignature,
    /// <summary>Signed by a key other than the node key it announces.</summary>
    SignerMismatch,
    /// <summary>Signed too long ago or too far ahead of our clock (a replay, or a badly wrong clock).</summary>
    BadTimestamp,
    WrongChain,
    WrongGenesis,
    /// <summary>The peer's TLS certificate (from the network CA) names another node key than the handshake proves, or none.</summary>
    CertificateKeyMismatch,
}

/// <summary>What <see cref="HandshakeCheck"/> decided about a peer's handshake.</summary>
public abstract record HandshakeVerdict
{
    private HandshakeVerdict() { }

    public sealed record Accepted(Handshake Handshake, NanoMoment SignedAt) : HandshakeVerdict;

    public sealed record Refused(HandshakeRefusal Reason, string Detail) : HandshakeVerdict
    {
        public override string ToString() => $"{Reason}: {Detail}";
    }
}

/// <summary>
/// Checks a peer's signed handshake against our chain: a valid envelope of the handshake type, signed by the
/// node key it announces, within the timestamp window, for our chain id and genesis hash. Pure.
/// </summary>
public sealed class HandshakeCheck(EnvelopeValidator validator, string chainId, Hash32 genesisHash)
{
    public HandshakeVerdict Verify(ReadOnlySpan<byte> encodedEnvelope, NanoInterval now)
    {
        var verdict = validator.Validate(encodedEnvelope, now);
        if (verdict is EnvelopeVerdict.Rejected rejected)
            return Refuse(rejected.Reason switch
            {
                EnvelopeRejection.BadSignature => HandshakeRefusal.BadSignature,
                EnvelopeRejection.Stale or EnvelopeRejection.FromTheFuture => HandshakeRefusal.BadTimestamp,
                _ => HandshakeRefusal.Malformed,
            }, rejected.ToString());

        var envelope = ((EnvelopeVerdict.Accepted)verdict).Envelope;
        if (envelope.Type != Handshake.EnvelopeType)
            return Refuse(HandshakeRefusal.Malformed, $"envelope type '{envelope.Type}' is not {Handshake.EnvelopeType}");
        Handshake handshake;
        try
        {
            handshake = Handshake.Decode(envelope.Payload);
        }
        catch (CanonicalDecodingException e)
        {
            return Refuse(HandshakeRefusal.Malformed, e.Message);
        }
        if (handshake.NodeKey != envelope.Signer)
            return Refuse(HandshakeRefusal.SignerMismatch, $"announces {handshake.NodeKey} but is signed by {envelope.Signer}");
        if (handshake.ChainId != chainId)
            return Refuse(HandshakeRefusal.WrongChain, $"chain '{handshake.ChainId}', ours is '{chainId}'");
        if (handshake.GenesisHash != genesisHash)
            return Refuse(HandshakeRefusal.WrongGenesis, $"genesis {handshake.GenesisHash.Short}, ours is {genesisHash.Short}");
        return new HandshakeVerdict.Accepted(handshake, envelope.Timestamp);
    }

    private static HandshakeVerdict.Refused Refuse(HandshakeRefusal reason, string detail) => new(reason, detail);
}
