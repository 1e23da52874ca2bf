using Roko.Actors.Primitives;

namespace Roko.Actors.Crypto;

/// <summary>An Ed25519 signature: R (32 bytes) ‖ S (32 bytes, little-endian scalar).</summary>
public readonly record struct Signature(Hash32 R, Hash32 S)
{
    public const int Size = 64;

    public static Signature FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
            throw new ArgumentException($"an Ed25519 signature has {Size} bytes, got {bytes.Length}", nameof(bytes));
        return new Signature(new Hash32(bytes[..32]), new Hash32(bytes[32..]));
    }

    public void CopyTo(Span<byte> destination)
    {
        R.CopyTo(destination);
        S.CopyTo(destination[32..]);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        CopyTo(bytes);
        return bytes;
    }

    public override string ToString() => R.ToString() + S.ToString();
}
