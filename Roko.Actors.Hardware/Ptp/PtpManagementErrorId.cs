namespace Roko.Actors.Hardware.Ptp;

/// <summary>managementErrorId values of a MANAGEMENT_ERROR_STATUS TLV (IEEE 1588 table 72).</summary>
public enum PtpManagementErrorId : ushort
{
    ResponseTooBig = 0x0001,
    NoSuchId = 0x0002,
    WrongLength = 0x0003,
    WrongValue = 0x0004,
    NotSetable = 0x0005,
    NotSupported = 0x0006,
    GeneralError = 0xFFFE,
}
