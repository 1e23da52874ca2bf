namespace Roko.Actors.Hardware.Ptp;

/// <summary>
/// A decoded management RESPONSE: either the requested data set's bytes (<see cref="Data"/>) or the
/// error ptp4l sent instead (<see cref="Error"/>).
/// </summary>
public sealed record PtpManagementResponse(
    ushort SequenceId,
    byte Domain,
    PtpPortIdentity SourcePortIdentity,
    ushort ManagementId,
    ReadOnlyMemory<byte> Data,
    PtpManagementErrorException? Error)
{
    /// <summary>The data set bytes of a response to <paramref name="expected"/>; throws the error if ptp4l sent one.</summary>
    public ReadOnlyMemory<byte> DataFor(PtpManagementId expected)
    {
        if (ManagementId != (ushort)expected)
            throw new PtpDecodingException("managementId",
                $"response is for 0x{ManagementId:X4}, the request was for 0x{(ushort)expected:X4} ({expected})");
        if (Error is not null)
            throw Error;
        return Data;
    }
}
