namespace Roko.Actors.Hardware.Ptp;

/// <summary>IEEE 1588 portState values (table 10) as PORT_DATA_SET carries them, and linuxptp's grand-master state.</summary>
public enum PtpPortState : byte
{
    Initializing = 1,
    Faulty = 2,
    Disabled = 3,
    Listening = 4,
    PreMaster = 5,
    Master = 6,
    Passive = 7,
    Uncalibrated = 8,
    Slave = 9,

    /// <summary>linuxptp's own extension (PS_GRAND_MASTER): a master that is the grandmaster.</summary>
    GrandMaster = 10,
}
