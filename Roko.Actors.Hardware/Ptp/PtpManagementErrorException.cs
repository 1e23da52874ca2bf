namespace Roko.Actors.Hardware.Ptp;

/// <summary>ptp4l answered a request with a MANAGEMENT_ERROR_STATUS TLV instead of the data set.</summary>
public sealed class PtpManagementErrorException(PtpManagementErrorId errorId, ushort managementId, string displayData)
    : Exception(Describe(errorId, managementId, displayData))
{
    public PtpManagementErrorId ErrorId { get; } = errorId;
    public ushort ManagementId { get; } = managementId;
    public string DisplayData { get; } = displayData;

    private static string Describe(PtpManagementErrorId errorId, ushort managementId, string displayData)
    {
        string name = Enum.IsDefined(errorId) ? errorId.ToString() : "unknown error";
        string text = displayData.Length > 0 ? $": {displayData}" : "";
        return $"ptp4l refused management id 0x{managementId:X4} with error 0x{(ushort)errorId:X4} ({name}){text}";
    }
}
