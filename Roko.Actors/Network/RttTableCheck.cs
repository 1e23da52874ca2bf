using System.Buffers.Binary;
using Roko.Actors.Crypto;
using Roko.Actors.Primitives;

namespace Roko.Actors.Network;

/// <summary>Why a peer's shared RTT table was refused.</summary>
public enum RttTableRejection
{
    /// <summary>The envelope is not of type <see cref="RttTable.EnvelopeType"/>.</summary>
    WrongType,
    /// <summary>Signed by another key than the one the peer's handshake announced (or no handshake yet).</summary>
    SignerMismatch,
    /// <summary>More lines than <see cref="RouteSettings.MaxTableEntries"/>; refused before decoding.</summary>
    TooLarge,
    /// <summary>Not a well-formed table (truncated, trailing bytes, ids out of order or duplicated).</summary>
    Malformed,
    /// <summary>A line about the reporter itself.</summary>
    SelfLink,
    /// <summary>An RTT of zero or less.</summary>
    NonPositiveRtt,
    /// <summary>An RTT above <see cref="RttSettings.MaxPlausible"/>.</summary>
    ImplausibleRtt,
    /// <summary>More lines about peers we do not know than <see cref="RouteSettings.MaxUnknownPeers"/>.</summary>
    TooManyUnknownPeers,
}

/// <summary>What <see cref="RttTableCheck"/> decided about a shared RTT table.</summary>
public abstract record RttTableVerdict
{
    private RttTableVerdict() { }

    public sealed record Accepted(RttTable Table) : RttTableVerdict;

    public sealed record Rejected(RttTableRejection Reason, string Detail) : RttTableVerdict
    {
        public override string ToString() => $"{Reason}: {Detail}";
    }
}

/// <summary>
/// Admission of a peer's shared RTT table in two steps, cheapest rule first. <see cref="Open"/> runs in the peer's
/// session on an envelope that already passed the <see cref="EnvelopeValidator"/>: type, signer, size, format — a
/// failure there is a forged or broken message and counts against the sender. <see cref="Judge"/> runs in the
/// PeerManager, which knows the membership: it refuses absurd RTTs and tables naming too many nodes we do not know,
/// so no peer can invent nodes in our graph; an honest peer can fail it briefly while membership gossip catches up.
/// </summary>
public sealed class RttTableCheck(RouteSettings routes, RttSettings rtt)
{
    public RttTableVerdict Open(Envelope envelope, PublicKey? announcedKey)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (envelope.Type != RttTable.EnvelopeType)
            return Reject(RttTableRejection.WrongType, $"type '{envelope.Type}'");
        if (announcedKey is null || envelope.Signer != announcedKey)
            return Reject(RttTableRejection.SignerMismatch, $"signed by {envelope.Signer}, handshake announced {announcedKey?.ToString() ?? "nothing"}");
        if (envelope.Payload.Length >= sizeof(uint)
            && BinaryPrimitives.ReadUInt32LittleEndian(envelope.Payload) is var count && count > (uint)routes.MaxTableEntries)
            return Reject(RttTableRejection.TooLarge, $"{count} lines, at most {routes.MaxTableEntries}");
        try
        {
            return new RttTableVerdict.Accepted(RttTable.Decode(envelope.Payload, routes.MaxTableEntries));
        }
        catch (CanonicalDecodingException e)
        {
            return Reject(RttTableRejection.Malformed, e.Message);
        }
    }

    /// <param name="known">Every peer id we know (our own included); lines about others are unknown.</param>
    public RttTableVerdict Judge(PeerId reporter, RttTable table, IReadOnlySet<PeerId> known)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(known);
        int unknown = 0;
        foreach (var (peer, nanos) in table.RttNanosByPeer)
        {
            if (peer == reporter) return Reject(RttTableRejection.SelfLink, $"a line about {reporter} itself");
            if (nanos <= 0) return Reject(RttTableRejection.NonPositiveRtt, $"{nanos} ns to {peer}");
            if (nanos > rtt.MaxPlausibleNanos) return Reject(RttTableRejection.ImplausibleRtt, $"{nanos} ns to {peer}, at most {rtt.MaxPlausibleNanos}");
            if (!known.Contains(peer)) unknown++;
        }
        return unknown > routes.MaxUnknownPeers
            ? Reject(RttTableRejection.TooManyUnknownPeers, $"{unknown} unknown peers, at most {routes.MaxUnknownPeers}")
            : new RttTableVerdict.Accepted(table);
    }

    private static RttTableVerdict.Rejected Reject(RttTableRejection reason, string detail) => new(reason, detail);
}
