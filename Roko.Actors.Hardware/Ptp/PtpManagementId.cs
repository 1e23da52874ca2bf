namespace Roko.Actors.Hardware.Ptp;

/// <summary>managementId values of the data sets this client reads (IEEE 1588 and linuxptp's "_NP" extensions).</summary>
public enum PtpManagementId : ushort
{
    CurrentDataSet = 0x2001,
    ParentDataSet = 0x2002,
    PortDataSet = 0x2004,

    /// <summary>linuxptp's non-portable TIME_STATUS_NP: offset from the grandmaster as the servo sees it.</summary>
    TimeStatusNp = 0xC000,
}
