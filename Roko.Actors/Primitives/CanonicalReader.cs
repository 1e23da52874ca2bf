using System.Buffers.Binary;
using System.Text;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Primitives;

/// <summary>
/// Reads the canonical encoding strictly: every read names the field it is for, and truncation, oversize
/// lengths, non-canonical values and trailing bytes throw <see cref="CanonicalDecodingException"/> naming it.
/// </summary>
public ref struct CanonicalReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public CanonicalReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly int Position => _position;
    public readonly int Remaining => _data.Length - _position;

    private ReadOnlySpan<byte> Take(int count, string field)
    {
        if (count > Remaining)
            throw new CanonicalDecodingException(field,
                $"truncated: needs {count} byte(s) at offset {_position}, only {Remaining} left");
        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }

    /// <summary>Reads and checks the type tag and version that start every top-level object.</summary>
    public void Header(CanonicalTag expected, byte supportedVersion, string field)
    {
        byte tag = ReadU8(field + ".tag");
        if (tag != (byte)expected)
            throw new CanonicalDecodingException(field + ".tag", $"expected {expected} (0x{(byte)expected:x2}), got 0x{tag:x2}");
        byte version = ReadU8(field + ".version");
        if (version != supportedVersion)
            throw new CanonicalDecodingException(field + ".version", $"unsupported version {version} (this node reads {supportedVersion})");
    }

    public byte ReadU8(string field) => Take(1, field)[0];

    public bool ReadBool(string field)
    {
        byte b = ReadU8(field);
        return b switch
        {
            0 => false,
            1 => true,
            _ => throw new CanonicalDecodingException(field, $"non-canonical boolean 0x{b:x2} (only 0x00 or 0x01)"),
        };
    }

    public ushort ReadU16(string field) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, field));
    public uint ReadU32(string field) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, field));
    public ulong ReadU64(string field) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, field));
    public long ReadI64(string field) => BinaryPrimitives.ReadInt64LittleEndian(Take(8, field));

    public UInt128 ReadU128(string field)
    {
        var span = Take(16, field);
        ulong lo = BinaryPrimitives.ReadUInt64LittleEndian(span);
        ulong hi = BinaryPrimitives.ReadUInt64LittleEndian(span[8..]);
        return new UInt128(hi, lo);
    }

    public NanoMoment ReadMoment(string field) => new(ReadI64(field));
    public Amount ReadAmount(string field) => new(ReadU128(field));
    public Hash32 ReadHash(string field) => new(Take(Hash32.Size, field));
    public Address ReadAddress(string field) => Address.FromBytes(Take(Address.Size, field));

    public ReadOnlySpan<byte> ReadFixed(int length, string field) => Take(length, field);

    /// <summary>A u32 length prefix and that many bytes; a length above <paramref name="maxLength"/> is refused before reading.</summary>
    public ReadOnlySpan<byte> ReadBytes(string field, int maxLength)
    {
        uint length = ReadU32(field + ".length");
        if (length > (uint)maxLength)
            throw new CanonicalDecodingException(field, $"length {length} exceeds the limit of {maxLength} bytes");
        return Take((int)length, field);
    }

    public string ReadString(string field, int maxBytes)
    {
        var bytes = ReadBytes(field, maxBytes);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new CanonicalDecodingException(field, "not valid UTF-8");
        }
    }

    /// <summary>An element count; refused when above <paramref name="max"/> or when the elements could not fit in what is left.</summary>
    public int ReadCount(string field, int max, int minElementSize)
    {
        uint count = ReadU32(field + ".count");
        if (count > (uint)max)
            throw new CanonicalDecodingException(field, $"count {count} exceeds the limit of {max}");
        if ((long)count * minElementSize > Remaining)
            throw new CanonicalDecodingException(field, $"count {count} cannot fit in the {Remaining} remaining byte(s)");
        return (int)count;
    }

    /// <summary>Asserts the input is fully consumed.</summary>
    public readonly void End(string what)
    {
        if (Remaining != 0)
            throw new CanonicalDecodingException(what, $"{Remaining} trailing byte(s) after the end");
    }
}
