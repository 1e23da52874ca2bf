namespace Roko.Actors.Primitives;

/// <summary>
/// An account address: the first 20 bytes of SHA-256("roko/address/v1" ‖ Ed25519 public key).
/// Printed as <c>roko</c> followed by 40 lowercase hex digits.
/// </summary>
public readonly record struct Address : IComparable<Address>
{
    public const int Size = 20;
    public const string Prefix = "roko";

    private readonly Hash32 _padded; // 20 address bytes followed by 12 zero bytes

    private Address(Hash32 padded) => _padded = padded;

    public static Address FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
            throw new ArgumentException($"Address needs exactly {Size} bytes, got {bytes.Length}.", nameof(bytes));
        Span<byte> padded = stackalloc byte[Hash32.Size];
        padded.Clear();
        bytes.CopyTo(padded);
        return new Address(new Hash32(padded));
    }

    public void CopyTo(Span<byte> destination)
    {
        Span<byte> padded = stackalloc byte[Hash32.Size];
        _padded.CopyTo(padded);
        padded[..Size].CopyTo(destination);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        CopyTo(bytes);
        return bytes;
    }

    public int CompareTo(Address other) => _padded.CompareTo(other._padded);

    public override string ToString() => Prefix + Convert.ToHexStringLower(ToArray());

    public static Address Parse(string text)
    {
        if (TryParse(text, out var address, out var error)) return address;
        throw new FormatException($"Address '{text}': {error}");
    }

    public static bool TryParse(string? text, out Address address, out string error)
    {
        address = default;
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal) || text.Length != Prefix.Length + Size * 2)
        {
            error = $"expected '{Prefix}' followed by {Size * 2} hex digits";
            return false;
        }
        Span<byte> bytes = stackalloc byte[Size];
        var status = Convert.FromHexString(text.AsSpan(Prefix.Length), bytes, out _, out int written);
        if (status != System.Buffers.OperationStatus.Done || written != Size)
        {
            error = "not hexadecimal";
            return false;
        }
        address = FromBytes(bytes);
        error = "";
        return true;
    }
}
