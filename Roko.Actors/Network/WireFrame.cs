using System.Collections.Immutable;
using Roko.Actors.Crypto;
using Roko.Actors.Primitives;

namespace Roko.Actors.Network;

/// <summary>One envelope in a frame, with its <see cref="RouteHeader"/> when it travels along latency routes.</summary>
public sealed record FrameEntry(byte[] Envelope, RouteHeader? Route = null)
{
    /// <summary>Bytes this entry takes in a frame body: envelope length u32 and bytes, route flag, route header.</summary>
    public int EncodedSize => 4 + Envelope.Length + 1 + (Route?.EncodedSize ?? 0);
}

/// <summary>A frame ready to send: its bytes, what it would have taken uncompressed, and the codec of its body.</summary>
public sealed record EncodedFrame(byte[] Bytes, int UncompressedBytes, PayloadCodec Codec);

/// <summary>A received frame, opened: the sender's priority header, the entries, and sizes for the traffic counters.</summary>
public sealed record DecodedFrame(MessagePriority Priority, IReadOnlyList<FrameEntry> Entries, int WireBytes, int UncompressedBytes, PayloadCodec Codec);

/// <summary>
/// What a PeerSession sends its peer: one batch of its outbound queue as one frame (docs/network.md §Frames).
/// <c>priority: u8 | codec: u8 | body</c>, the body compressed with the codec when the batch is at least the compression
/// threshold, compression is on, the peer's handshake offered our codec and compressing makes it smaller; otherwise
/// plain (<see cref="PayloadCodec.None"/>). The body: <c>count: u32 | count × (envelope: u32 length + bytes | routed: u8
/// (0 or 1) | when routed: hops left: u8 | destinations: u16 count × 32-byte node key)</c>. The priority header is the
/// most urgent priority in the batch, readable without decompressing. Pure.
/// </summary>
public sealed class WireFrame(CompressionSettings settings, int maxDestinations)
{
    private const int HeaderBytes = 1;
    private const int MinEntryBytes = 5;
    private const int MaxHops = byte.MaxValue;

    private readonly PayloadCompression _compression = new(settings);

    /// <param name="compress">Whether the peer accepts our codec (and compression is on here).</param>
    public EncodedFrame Encode(MessagePriority priority, IReadOnlyList<FrameEntry> entries, bool compress)
    {
        var body = new CanonicalWriter(entries.Sum(e => e.EncodedSize) + 4);
        body.WriteCount(entries.Count);
        foreach (var entry in entries) Write(body, entry);
        var plain = body.ToArray();
        var coded = _compression.Encode(plain, compress);
        var frame = new byte[HeaderBytes + coded.Length];
        frame[0] = (byte)priority;
        coded.CopyTo(frame, HeaderBytes);
        return new EncodedFrame(frame, HeaderBytes + 1 + plain.Length, (PayloadCodec)coded[0]);
    }

    /// <summary>Opens a frame; throws <see cref="PayloadRejectedException"/> naming why it is refused.</summary>
    public DecodedFrame Decode(byte[] frame, AcceptedCodecs accepted)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Length < HeaderBytes + 1) throw Refused(PayloadRejection.Empty, "frame shorter than its priority and codec header");
        var priority = (MessagePriority)frame[0];
        if (!Enum.IsDefined(priority)) throw Refused(PayloadRejection.Malformed, $"frame.priority: unknown priority {frame[0]}");
        var codec = (PayloadCodec)frame[HeaderBytes];
        var body = _compression.Decode(frame.AsMemory(HeaderBytes), accepted);
        try
        {
            return new DecodedFrame(priority, ReadEntries(body), frame.Length, HeaderBytes + 1 + body.Length, codec);
        }
        catch (CanonicalDecodingException e)
        {
            throw Refused(PayloadRejection.Malformed, e.Message);
        }
    }

    private static void Write(CanonicalWriter body, FrameEntry entry)
    {
        body.WriteBytes(entry.Envelope);
        if (entry.Route is not { } route)
        {
            body.WriteU8(0);
            return;
        }
        body.WriteU8(1).WriteU8((byte)Math.Clamp(route.HopsLeft, 0, MaxHops)).WriteU16(checked((ushort)route.Destinations.Length));
        Span<byte> key = stackalloc byte[PublicKey.Size];
        foreach (var destination in route.Destinations)
        {
            destination.Bytes.CopyTo(key);
            body.WriteFixed(key);
        }
    }

    private List<FrameEntry> ReadEntries(byte[] body)
    {
        var reader = new CanonicalReader(body);
        int count = reader.ReadCount("frame.entries", body.Length / MinEntryBytes, MinEntryBytes);
        var entries = new List<FrameEntry>(count);
        for (int i = 0; i < count; i++)
        {
            var envelope = reader.ReadBytes("frame.entry.envelope", body.Length).ToArray();
            entries.Add(new FrameEntry(envelope, ReadRoute(ref reader)));
        }
        reader.End("frame");
        return entries;
    }

    private RouteHeader? ReadRoute(ref CanonicalReader reader)
    {
        byte routed = reader.ReadU8("frame.entry.routed");
        if (routed == 0) return null;
        if (routed != 1) throw new CanonicalDecodingException("frame.entry.routed", $"must be 0 or 1, got {routed}");
        int hops = reader.ReadU8("frame.entry.hops-left");
        int count = reader.ReadU16("frame.entry.destinations.count");
        if (count == 0 || count > maxDestinations)
            throw new CanonicalDecodingException("frame.entry.destinations", $"count {count} is not within 1..{maxDestinations}");
        var destinations = ImmutableArray.CreateBuilder<PublicKey>(count);
        for (int d = 0; d < count; d++) destinations.Add(PublicKey.FromBytes(reader.ReadFixed(PublicKey.Size, "frame.entry.destination")));
        return new RouteHeader(destinations.MoveToImmutable(), hops);
    }

    private static PayloadRejectedException Refused(PayloadRejection reason, string detail) => new(reason, "Frame refused: " + detail);
}
