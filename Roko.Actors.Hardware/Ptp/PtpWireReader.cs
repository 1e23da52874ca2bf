using System.Buffers.Binary;

namespace Roko.Actors.Hardware.Ptp;

/// <summary>Big-endian reader over a PTP message; every read names its field, so truncation errors say which.</summary>
internal ref struct PtpWireReader(ReadOnlySpan<byte> buffer)
{
    private readonly ReadOnlySpan<byte> _buffer = buffer;

    public int Offset { get; private set; }
    public readonly int Remaining => _buffer.Length - Offset;

    public byte UInt8(string field) => Take(field, sizeof(byte))[0];
    public sbyte Int8(string field) => (sbyte)Take(field, sizeof(sbyte))[0];
    public ushort UInt16(string field) => BinaryPrimitives.ReadUInt16BigEndian(Take(field, sizeof(ushort)));
    public int Int32(string field) => BinaryPrimitives.ReadInt32BigEndian(Take(field, sizeof(int)));
    public long Int64(string field) => BinaryPrimitives.ReadInt64BigEndian(Take(field, sizeof(long)));
    public ulong UInt64(string field) => BinaryPrimitives.ReadUInt64BigEndian(Take(field, sizeof(ulong)));

    public PtpClockIdentity ClockIdentity(string field) => PtpClockIdentity.Read(Take(field, PtpClockIdentity.Size));

    public PtpPortIdentity PortIdentity(string field) =>
        new(ClockIdentity(field + ".clockIdentity"), UInt16(field + ".portNumber"));

    public PtpClockQuality ClockQuality(string field) =>
        new(UInt8(field + ".clockClass"), UInt8(field + ".clockAccuracy"), UInt16(field + ".offsetScaledLogVariance"));

    public ReadOnlySpan<byte> Bytes(string field, int count) => Take(field, count);

    public void Skip(string field, int count) => Take(field, count);

    private ReadOnlySpan<byte> Take(string field, int count)
    {
        if (count > Remaining)
            throw new PtpDecodingException(field, $"truncated: needs {count} bytes at offset {Offset}, {Remaining} left");
        var slice = _buffer.Slice(Offset, count);
        Offset += count;
        return slice;
    }
}
