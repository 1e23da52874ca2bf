namespace Roko.Actors.Hardware.Ptp;

/// <summary>The network transport ptp4l uses for PTP messages (its <c>network_transport</c> option).</summary>
public enum PtpTransport
{
    UdpIPv4,
    UdpIPv6,
    Layer2,
}
