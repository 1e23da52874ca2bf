using Roko.Actors.Primitives;

namespace Roko.Actors.Crypto;

/// <summary>An Ed25519 public key (32 bytes), printed as 64 hex digits.</summary>
public readonly record struct PublicKey(Hash32 Bytes) : IComparable<PublicKey>
{
    public const int Size = 32;
    private const string AddressDomain = "roko/address/v1";

    public static PublicKey FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
            throw new ArgumentException($"an Ed25519 public key has {Size} bytes, got {bytes.Length}", nameof(bytes));
        return new PublicKey(new Hash32(bytes));
    }

    public static PublicKey Parse(string hex) => new(Hash32.Parse(hex));

    public byte[] ToArray() => Bytes.ToArray();

    /// <summary>The account address this key controls.</summary>
    public Address ToAddress()
    {
        var digest = Sha256.HashTagged(AddressDomain, ToArray()).ToArray();
        return Address.FromBytes(digest.AsSpan(0, Address.Size));
    }

    public int CompareTo(PublicKey other) => Bytes.CompareTo(other.Bytes);
    public override string ToString() => Bytes.ToString();
}
