namespace Roko.Actors.Hardware.Ptp;

/// <summary>IEEE 1588 parentDS (management id 0x2002): who this clock follows and which grandmaster that leads to.</summary>
public sealed record ParentDataSet(
    PtpPortIdentity ParentPortIdentity,
    bool ParentStats,
    ushort ObservedParentOffsetScaledLogVariance,
    int ObservedParentClockPhaseChangeRate,
    byte GrandmasterPriority1,
    PtpClockQuality GrandmasterClockQuality,
    byte GrandmasterPriority2,
    PtpClockIdentity GrandmasterIdentity)
{
    public const int Size = PtpPortIdentity.Size + 1 + 1 + 2 + 4 + 1 + PtpClockQuality.Size + 1 + PtpClockIdentity.Size;

    public static ParentDataSet Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length != Size)
            throw new PtpDecodingException("PARENT_DATA_SET", $"data is {data.Length} bytes, expected {Size}");
        var reader = new PtpWireReader(data);
        var parent = reader.PortIdentity("parentPortIdentity");
        byte parentStats = reader.UInt8("parentStats");
        if (parentStats is not (0 or 1))
            throw new PtpDecodingException("parentStats", $"{parentStats} is not a boolean (0 or 1)");
        reader.Skip("parentDS.reserved", 1);
        ushort variance = reader.UInt16("observedParentOffsetScaledLogVariance");
        int phaseChangeRate = reader.Int32("observedParentClockPhaseChangeRate");
        byte priority1 = reader.UInt8("grandmasterPriority1");
        var quality = reader.ClockQuality("grandmasterClockQuality");
        byte priority2 = reader.UInt8("grandmasterPriority2");
        var identity = reader.ClockIdentity("grandmasterIdentity");
        return new ParentDataSet(parent, parentStats == 1, variance, phaseChangeRate, priority1, quality, priority2, identity);
    }
}
