using System.Buffers.Binary;

namespace Roko.Actors.Primitives;

/// <summary>A 32-byte digest. Ordered lexicographically by its bytes; printed as 64 lowercase hex digits.</summary>
public readonly struct Hash32 : IEquatable<Hash32>, IComparable<Hash32>
{
    public const int Size = 32;

    // Big-endian words, so comparing words in order compares bytes lexicographically.
    private readonly ulong _w0, _w1, _w2, _w3;

    public Hash32(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
            throw new ArgumentException($"Hash32 needs exactly {Size} bytes, got {bytes.Length}.", nameof(bytes));
        _w0 = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _w1 = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _w2 = BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]);
        _w3 = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]);
    }

    public static Hash32 Zero { get; } = default;

    public bool IsZero => (_w0 | _w1 | _w2 | _w3) == 0;

    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _w0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _w1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _w2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _w3);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        CopyTo(bytes);
        return bytes;
    }

    public static Hash32 Parse(string hex)
    {
        if (TryParse(hex, out var hash)) return hash;
        throw new FormatException($"Hash32 '{hex}': expected {Size * 2} hex digits.");
    }

    public static bool TryParse(string? hex, out Hash32 hash)
    {
        hash = default;
        if (hex is null || hex.Length != Size * 2) return false;
        Span<byte> bytes = stackalloc byte[Size];
        var status = Convert.FromHexString(hex, bytes, out _, out int written);
        if (status != System.Buffers.OperationStatus.Done || written != Size) return false;
        hash = new Hash32(bytes);
        return true;
    }

    public bool Equals(Hash32 other) => _w0 == other._w0 && _w1 == other._w1 && _w2 == other._w2 && _w3 == other._w3;
    public override bool Equals(object? obj) => obj is Hash32 other && Equals(other);
    public override int GetHashCode() => HashCode.Combine(_w0, _w1, _w2, _w3);

    public int CompareTo(Hash32 other)
    {
        int c = _w0.CompareTo(other._w0);
        if (c != 0) return c;
        c = _w1.CompareTo(other._w1);
        if (c != 0) return c;
        c = _w2.CompareTo(other._w2);
        return c != 0 ? c : _w3.CompareTo(other._w3);
    }

    public static bool operator ==(Hash32 a, Hash32 b) => a.Equals(b);
    public static bool operator !=(Hash32 a, Hash32 b) => !a.Equals(b);

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        CopyTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>First 8 bytes in hex, for logs.</summary>
    public string Short => ToString()[..16];
}
