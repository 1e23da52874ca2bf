namespace Roko.Actors.Hardware.Ptp;

/// <summary>IEEE 1588 ClockQuality: class, accuracy enumeration and offsetScaledLogVariance (4 octets).</summary>
public readonly record struct PtpClockQuality(byte ClockClass, byte ClockAccuracy, ushort OffsetScaledLogVariance)
{
    public const int Size = 4;
}
