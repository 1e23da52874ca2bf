namespace Roko.Actors.Hardware.Net.Linux;

/// <summary>SOF_TIMESTAMPING_* bits of include/uapi/linux/net_tstamp.h that the time-probe socket asks for.</summary>
[Flags]
internal enum TimestampingFlags
{
    /// <summary>SOF_TIMESTAMPING_TX_SOFTWARE: stamp outgoing packets when the driver hands them to the device.</summary>
    TransmitSoftware = 1 << 1,

    /// <summary>SOF_TIMESTAMPING_RX_SOFTWARE: stamp incoming packets when they enter the stack.</summary>
    ReceiveSoftware = 1 << 3,

    /// <summary>SOF_TIMESTAMPING_SOFTWARE: report software stamps (ts[0] of struct scm_timestamping).</summary>
    ReportSoftware = 1 << 4,
}
