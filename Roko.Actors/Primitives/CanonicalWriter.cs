using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Primitives;

/// <summary>
/// Writes the canonical encoding (docs/protocol.md): fixed-width little-endian integers, u32 length prefixes,
/// no optional padding. Equal values always produce equal bytes, so the bytes can be hashed and signed.
/// </summary>
public sealed class CanonicalWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;

    public CanonicalWriter(int initialCapacity = 256) => _buffer = new ArrayBufferWriter<byte>(initialCapacity);

    public int Length => _buffer.WrittenCount;
    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;
    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    public CanonicalWriter Header(CanonicalTag tag, byte version)
    {
        WriteU8((byte)tag);
        return WriteU8(version);
    }

    public CanonicalWriter WriteU8(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
        return this;
    }

    public CanonicalWriter WriteBool(bool value) => WriteU8(value ? (byte)1 : (byte)0);

    public CanonicalWriter WriteU16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.GetSpan(2), value);
        _buffer.Advance(2);
        return this;
    }

    public CanonicalWriter WriteU32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
        return this;
    }

    public CanonicalWriter WriteU64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
        return this;
    }

    public CanonicalWriter WriteI64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
        return this;
    }

    public CanonicalWriter WriteU128(UInt128 value)
    {
        var span = _buffer.GetSpan(16);
        BinaryPrimitives.WriteUInt64LittleEndian(span, (ulong)value);
        BinaryPrimitives.WriteUInt64LittleEndian(span[8..], (ulong)(value >> 64));
        _buffer.Advance(16);
        return this;
    }

    public CanonicalWriter WriteMoment(NanoMoment moment) => WriteI64(moment.UnixNanoseconds);
    public CanonicalWriter WriteAmount(Amount amount) => WriteU128(amount.BaseUnits);

    public CanonicalWriter WriteHash(Hash32 hash)
    {
        hash.CopyTo(_buffer.GetSpan(Hash32.Size));
        _buffer.Advance(Hash32.Size);
        return this;
    }

    public CanonicalWriter WriteAddress(Address address)
    {
        address.CopyTo(_buffer.GetSpan(Address.Size));
        _buffer.Advance(Address.Size);
        return this;
    }

    /// <summary>Raw bytes whose length the reader knows from the format (keys, signatures).</summary>
    public CanonicalWriter WriteFixed(ReadOnlySpan<byte> bytes)
    {
        _buffer.Write(bytes);
        return this;
    }

    /// <summary>A u32 length prefix followed by the bytes.</summary>
    public CanonicalWriter WriteBytes(ReadOnlySpan<byte> bytes)
    {
        WriteU32((uint)bytes.Length);
        return WriteFixed(bytes);
    }

    /// <summary>UTF-8 with a u32 byte-length prefix.</summary>
    public CanonicalWriter WriteString(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        return WriteBytes(bytes);
    }

    public CanonicalWriter WriteCount(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return WriteU32((uint)count);
    }
}
