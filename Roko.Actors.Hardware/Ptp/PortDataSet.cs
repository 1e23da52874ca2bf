namespace Roko.Actors.Hardware.Ptp;

/// <summary>IEEE 1588 portDS (management id 0x2004): the port's identity, its state and its message intervals.</summary>
/// <param name="PeerMeanPathDelayNanoseconds">peerMeanPathDelay (peer-to-peer delay mechanism only; 0 otherwise), ns.</param>
public sealed record PortDataSet(
    PtpPortIdentity PortIdentity,
    PtpPortState PortState,
    sbyte LogMinDelayRequestInterval,
    double PeerMeanPathDelayNanoseconds,
    sbyte LogAnnounceInterval,
    byte AnnounceReceiptTimeout,
    sbyte LogSyncInterval,
    byte DelayMechanism,
    sbyte LogMinPeerDelayRequestInterval,
    byte VersionNumber)
{
    /// <summary>10 + 1 + 1 + 8 + 1 + 1 + 1 + 1 + 1 + 1 octets.</summary>
    public const int Size = PtpPortIdentity.Size + 1 + 1 + 8 + 1 + 1 + 1 + 1 + 1 + 1;

    private const byte VersionMask = 0x0F;

    public static PortDataSet Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length != Size)
            throw new PtpDecodingException("PORT_DATA_SET", $"data is {data.Length} bytes, expected {Size}");
        var reader = new PtpWireReader(data);
        var identity = reader.PortIdentity("portIdentity");
        byte state = reader.UInt8("portState");
        if (!Enum.IsDefined((PtpPortState)state))
            throw new PtpDecodingException("portState", $"{state} is not a port state (1..10)");
        sbyte minDelay = reader.Int8("logMinDelayReqInterval");
        long peerDelay = reader.Int64("peerMeanPathDelay");
        sbyte announce = reader.Int8("logAnnounceInterval");
        byte announceTimeout = reader.UInt8("announceReceiptTimeout");
        sbyte sync = reader.Int8("logSyncInterval");
        byte delayMechanism = reader.UInt8("delayMechanism");
        sbyte minPeerDelay = reader.Int8("logMinPdelayReqInterval");
        byte version = reader.UInt8("versionNumber");
        return new PortDataSet(identity, (PtpPortState)state, minDelay, peerDelay / CurrentDataSet.TimeIntervalUnitsPerNanosecond,
            announce, announceTimeout, sync, delayMechanism, minPeerDelay, (byte)(version & VersionMask));
    }
}
