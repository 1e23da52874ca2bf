using System.Buffers.Binary;
using System.Globalization;

namespace Roko.Actors.Hardware.Ptp;

/// <summary>
/// An IEEE 1588 clockIdentity: 8 octets, held big-endian in <see cref="Value"/>. Text form is linuxptp's,
/// e.g. <c>001122.fffe.334455</c>.
/// </summary>
public readonly record struct PtpClockIdentity(ulong Value)
{
    public const int Size = 8;

    /// <summary>All ones: "every clock" as a management target.</summary>
    public static PtpClockIdentity Wildcard { get; } = new(ulong.MaxValue);

    public static PtpClockIdentity Read(ReadOnlySpan<byte> octets) => new(BinaryPrimitives.ReadUInt64BigEndian(octets));

    public void Write(Span<byte> destination) => BinaryPrimitives.WriteUInt64BigEndian(destination, Value);

    public override string ToString()
    {
        string hex = Value.ToString("x16", CultureInfo.InvariantCulture);
        return $"{hex[..6]}.{hex[6..10]}.{hex[10..]}";
    }
}
