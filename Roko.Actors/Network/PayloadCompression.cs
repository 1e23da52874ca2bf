using System.IO.Compression;
using System.Runtime.InteropServices;

namespace Roko.Actors.Network;

/// <summary>
/// Frames payloads as one <see cref="PayloadCodec"/> header byte followed by the bytes. Payloads of at least
/// <see cref="CompressionSettings.Threshold"/> bytes are compressed with the configured codec unless that does
/// not make them smaller. Decoding refuses frames that inflate beyond
/// <see cref="CompressionSettings.MaxDecompressed"/>, reading no further than that limit, and frames in a codec the
/// caller does not accept.
/// </summary>
public sealed class PayloadCompression(CompressionSettings settings)
{
    private const int HeaderBytes = 1;
    private const int ReadChunkBytes = 16 * 1024;

    /// <param name="compress">False frames the payload uncompressed whatever its size (the peer accepts no codec of ours).</param>
    public byte[] Encode(ReadOnlySpan<byte> payload, bool compress = true)
    {
        if (compress && payload.Length >= settings.Threshold)
        {
            var compressed = new MemoryStream(payload.Length / 2 + HeaderBytes);
            compressed.WriteByte((byte)settings.Codec);
            using (var encoder = Compressor(compressed))
                encoder.Write(payload);
            if (compressed.Length < payload.Length + HeaderBytes)
                return compressed.ToArray();
        }
        var plain = new byte[payload.Length + HeaderBytes];
        plain[0] = (byte)PayloadCodec.None;
        payload.CopyTo(plain.AsSpan(HeaderBytes));
        return plain;
    }

    /// <summary>
    /// The payload of a frame made by <see cref="Encode"/>; throws <see cref="PayloadRejectedException"/>, also for a
    /// codec outside <paramref name="accepted"/>.
    /// </summary>
    public byte[] Decode(ReadOnlyMemory<byte> frame, AcceptedCodecs accepted = AcceptedCodecs.All)
    {
        if (frame.IsEmpty) throw Rejected(PayloadRejection.Empty, "frame is empty (no codec header)");
        var body = frame[HeaderBytes..];
        var codec = (PayloadCodec)frame.Span[0];
        if (Enum.IsDefined(codec) && !accepted.Accepts(codec))
            throw Rejected(PayloadRejection.NotAccepted, $"codec {codec} was not offered in our handshake (we accept: {accepted})");
        switch (codec)
        {
            case PayloadCodec.None:
                if (body.Length > settings.MaxDecompressed) throw TooLarge();
                return body.ToArray();
            case PayloadCodec.Deflate:
            case PayloadCodec.Brotli:
                return Inflate(codec, body);
            default:
                throw Rejected(PayloadRejection.UnknownCodec, $"unknown codec header byte 0x{(byte)codec:X2}");
        }
    }

    private byte[] Inflate(PayloadCodec codec, ReadOnlyMemory<byte> body)
    {
        using var source = AsStream(body);
        using Stream decoder = codec == PayloadCodec.Deflate
            ? new DeflateStream(source, CompressionMode.Decompress)
            : new BrotliStream(source, CompressionMode.Decompress);
        var output = new MemoryStream();
        var chunk = new byte[ReadChunkBytes];
        try
        {
            int read;
            while ((read = decoder.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (output.Length + read > settings.MaxDecompressed) throw TooLarge();
                output.Write(chunk, 0, read);
            }
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or IOException)
        {
            throw Rejected(PayloadRejection.Corrupt, $"{codec} data is corrupt ({e.Message})");
        }
        return output.ToArray();
    }

    private Stream Compressor(Stream destination) => settings.Codec switch
    {
        PayloadCodec.Deflate => new DeflateStream(destination, settings.Level, leaveOpen: true),
        PayloadCodec.Brotli => new BrotliStream(destination, settings.Level, leaveOpen: true),
        _ => throw new InvalidOperationException($"codec {settings.Codec} cannot compress"),
    };

    private static MemoryStream AsStream(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);

    private PayloadRejectedException TooLarge() =>
        Rejected(PayloadRejection.TooLarge, $"payload inflates beyond max-decompressed ({settings.MaxDecompressed} bytes)");

    private static PayloadRejectedException Rejected(PayloadRejection reason, string message) =>
        new(reason, "Payload refused: " + message);
}
