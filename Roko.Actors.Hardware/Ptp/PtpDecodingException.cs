namespace Roko.Actors.Hardware.Ptp;

/// <summary>A management message did not decode; <see cref="Field"/> names the offending field.</summary>
public sealed class PtpDecodingException(string field, string message) : Exception($"PTP management {field}: {message}")
{
    public string Field { get; } = field;
}
