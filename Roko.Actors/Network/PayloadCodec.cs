namespace Roko.Actors.Network;

/// <summary>The one-byte header in front of every framed payload: how the bytes after it are encoded.</summary>
public enum PayloadCodec : byte
{
    None = 0,
    /// <summary>Raw deflate (RFC 1951); integrity comes from the envelope signature, not a checksum.</summary>
    Deflate = 1,
    Brotli = 2,
}

/// <summary>Why a framed payload was refused; the sender can be counted against for any of them.</summary>
public enum PayloadRejection
{
    Empty,
    UnknownCodec,
    Corrupt,
    TooLarge,
}

public sealed class PayloadRejectedException(PayloadRejection reason, string message) : Exception(message)
{
    public PayloadRejection Reason { get; } = reason;
}
