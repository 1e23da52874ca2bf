namespace Roko.Actors.Hardware.Ptp;

/// <summary>Where packet time stamps come from (ptp4l's <c>time_stamping</c> option).</summary>
public enum PtpTimeStamping
{
    /// <summary>The network card stamps packets against its PTP hardware clock (needs a PHC).</summary>
    Hardware,

    /// <summary>The kernel stamps packets against the system clock; works on any interface, ≈ 10 µs honest error.</summary>
    Software,
}
