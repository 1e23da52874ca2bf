namespace Roko.Actors.Hardware.Ptp;

/// <summary>The management socket could not be created, reached or read (not a protocol error).</summary>
public sealed class PtpManagementException(string message, Exception? inner = null) : Exception(message, inner);
