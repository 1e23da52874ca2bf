using System.IO.Compression;
using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;

namespace Roko.Actors.Network;

/// <summary>Payload compression, read from <c>roko.network.compression</c>.</summary>
public sealed record CompressionSettings
{
    public const string Path = "roko.network.compression";

    /// <summary>Offer the codecs in our handshake and compress frames to peers that offer ours; off sends and accepts only plain frames.</summary>
    public required bool Enabled { get; init; }

    /// <summary>Payloads at least this many bytes are compressed; smaller ones (votes) never gain.</summary>
    public required int Threshold { get; init; }
    public required PayloadCodec Codec { get; init; }
    public required CompressionLevel Level { get; init; }
    /// <summary>Largest payload a frame may inflate to; beyond it the frame is refused (zip-bomb defence).</summary>
    public required int MaxDecompressed { get; init; }

    /// <summary>What our handshake offers: every codec we decode when enabled, none otherwise.</summary>
    public AcceptedCodecs Offered => Enabled ? AcceptedCodecs.All : AcceptedCodecs.None;

    public static CompressionSettings Create(Config root)
    {
        var s = SettingsReader.Section(root, Path);
        var codec = s.Text("codec") switch
        {
            "deflate" => PayloadCodec.Deflate,
            "brotli" => PayloadCodec.Brotli,
            var other => throw s.Invalid("codec", $"must be deflate or brotli, got '{other}'"),
        };
        var level = s.Text("level") switch
        {
            "fastest" => CompressionLevel.Fastest,
            "optimal" => CompressionLevel.Optimal,
            var other => throw s.Invalid("level", $"must be fastest or optimal, got '{other}'"),
        };
        return new CompressionSettings
        {
            Enabled = s.Bool("enabled"),
            Threshold = (int)s.Bytes("threshold", 1, Array.MaxLength),
            Codec = codec,
            Level = level,
            MaxDecompressed = (int)s.Bytes("max-decompressed", 1, Array.MaxLength),
        };
    }
}
