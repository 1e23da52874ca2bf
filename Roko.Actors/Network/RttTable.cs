using System.Collections.Immutable;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Primitives;

namespace Roko.Actors.Network;

/// <summary>
/// A node's shared view of its links: peer id → smoothed RTT in nanoseconds. It travels as the payload of an
/// <see cref="Envelope"/> of type <see cref="EnvelopeType"/> signed by the node key (priority Background), inside
/// <c>PeerWire.RttShare</c>. Payload encoding: <c>count: u32 | count × (peer id: string | rtt: i64 ns)</c>, lines
/// in strictly ascending ordinal order of the peer id, so a table has exactly one encoding.
/// </summary>
public sealed record RttTable(ImmutableSortedDictionary<PeerId, long> RttNanosByPeer)
{
    public const string EnvelopeType = "roko/rtt-table";
    /// <summary>Longest peer id (a member address such as <c>akka.trttl.ssl.tcp://roko@host:port</c>), in UTF-8 bytes.</summary>
    public const int MaxPeerIdBytes = 256;
    /// <summary>An empty id (u32 length) and an RTT (i64): the smallest line, for the count bound.</summary>
    private const int MinLineBytes = sizeof(uint) + sizeof(long);

    public static RttTable Empty { get; } = new(ImmutableSortedDictionary<PeerId, long>.Empty);

    public int Count => RttNanosByPeer.Count;

    public static RttTable From(IEnumerable<KeyValuePair<PeerId, long>> lines) => new(lines.ToImmutableSortedDictionary());

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(sizeof(uint) + Count * (MinLineBytes + MaxPeerIdBytes / 4));
        writer.WriteCount(Count);
        foreach (var (peer, rtt) in RttNanosByPeer)
            writer.WriteString(peer.Value).WriteI64(rtt);
        return writer.ToArray();
    }

    /// <summary>
    /// Decodes strictly, refusing more than <paramref name="maxEntries"/> lines before reading them; throws
    /// <see cref="CanonicalDecodingException"/> naming the bad field. RTT values are not judged here
    /// (<see cref="RttTableCheck"/> does that).
    /// </summary>
    public static RttTable Decode(ReadOnlySpan<byte> payload, int maxEntries)
    {
        var reader = new CanonicalReader(payload);
        int count = reader.ReadCount("rtt-table", maxEntries, MinLineBytes);
        var lines = ImmutableSortedDictionary.CreateBuilder<PeerId, long>();
        PeerId? previous = null;
        for (int i = 0; i < count; i++)
        {
            var peer = new PeerId(reader.ReadString("rtt-table.peer", MaxPeerIdBytes));
            if (previous is { } before && before.CompareTo(peer) >= 0)
                throw new CanonicalDecodingException("rtt-table.peer", $"'{peer}' is not after '{before}' (duplicate or out of order)");
            lines[peer] = reader.ReadI64("rtt-table.rtt");
            previous = peer;
        }
        reader.End("rtt-table");
        return new RttTable(lines.ToImmutable());
    }

    /// <summary>This table signed by <paramref name="key"/> at <paramref name="at"/>.</summary>
    public Envelope Seal(SigningKey key, NanoMoment at) =>
        Envelope.Seal(EnvelopeType, MessagePriority.Background, at, Encode(), key);
}
