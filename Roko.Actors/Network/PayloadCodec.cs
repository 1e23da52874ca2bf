namespace Roko.Actors.Network;

/// <summary>The one-byte header in front of every framed payload: how the bytes after it are encoded.</summary>
public enum PayloadCodec : byte
{
    None = 0,
    /// <summary>Raw deflate (RFC 1951); integrity comes from the envelope signature, not a checksum.</summary>
    Deflate = 1,
    Brotli = 2,
}

/// <summary>
/// The codecs a node decodes, announced in its handshake: a peer compresses what it sends us only with a codec named
/// here, and a frame in a codec we did not announce is refused. Uncompressed frames (<see cref="PayloadCodec.None"/>)
/// are always accepted.
/// </summary>
[Flags]
public enum AcceptedCodecs : byte
{
    None = 0,
    Deflate = 1 << (int)PayloadCodec.Deflate,
    Brotli = 1 << (int)PayloadCodec.Brotli,
    All = Deflate | Brotli,
}

public static class AcceptedCodecsExtensions
{
    public static bool Accepts(this AcceptedCodecs accepted, PayloadCodec codec) => codec switch
    {
        PayloadCodec.None => true,
        PayloadCodec.Deflate => accepted.HasFlag(AcceptedCodecs.Deflate),
        PayloadCodec.Brotli => accepted.HasFlag(AcceptedCodecs.Brotli),
        _ => false,
    };
}

/// <summary>Why a framed payload was refused; the sender can be counted against for any of them.</summary>
public enum PayloadRejection
{
    Empty,
    UnknownCodec,
    /// <summary>A codec this node did not announce in its handshake.</summary>
    NotAccepted,
    Corrupt,
    TooLarge,
    /// <summary>The decoded frame is not a well-formed list of entries (<see cref="WireFrame"/>).</summary>
    Malformed,
}

public sealed class PayloadRejectedException(PayloadRejection reason, string message) : Exception(message)
{
    public PayloadRejection Reason { get; } = reason;
}
