namespace Roko.Actors.Hardware.Ptp;

/// <summary>An IEEE 1588 portIdentity: the clock's identity and a port number (10 octets on the wire).</summary>
public readonly record struct PtpPortIdentity(PtpClockIdentity ClockIdentity, ushort PortNumber)
{
    public const int Size = PtpClockIdentity.Size + sizeof(ushort);

    /// <summary>Every port of every clock: the target of a management request to whichever ptp4l answers.</summary>
    public static PtpPortIdentity Wildcard { get; } = new(PtpClockIdentity.Wildcard, ushort.MaxValue);

    public override string ToString() => $"{ClockIdentity}-{PortNumber}";
}
