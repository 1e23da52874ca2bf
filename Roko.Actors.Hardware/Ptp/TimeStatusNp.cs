namespace Roko.Actors.Hardware.Ptp;

/// <summary>
/// linuxptp's TIME_STATUS_NP (management id 0xC000): what ptp4l's servo last measured against the grandmaster.
/// </summary>
/// <param name="MasterOffsetNanoseconds">Offset of this clock from the master at the last sync, ns (0 on a grandmaster).</param>
/// <param name="IngressTimeNanoseconds">When that sync arrived, ns on this clock's time scale (0 before any sync).</param>
/// <param name="CumulativeScaledRateOffset">(rate ratio − 1) × 2^41, as in IEEE 802.1AS.</param>
/// <param name="LastGmPhaseChangeScaled">IEEE 802.1AS lastGmPhaseChange in units of 2^-16 ns (96-bit, signed).</param>
/// <param name="GrandmasterPresent">True when the grandmaster is another clock, false when this clock is its own.</param>
public sealed record TimeStatusNp(
    long MasterOffsetNanoseconds,
    long IngressTimeNanoseconds,
    int CumulativeScaledRateOffset,
    int ScaledLastGmPhaseChange,
    ushort GmTimeBaseIndicator,
    Int128 LastGmPhaseChangeScaled,
    bool GrandmasterPresent,
    PtpClockIdentity GrandmasterIdentity)
{
    /// <summary>8 + 8 + 4 + 4 + 2 + 12 (ScaledNs) + 4 + 8 octets.</summary>
    public const int Size = 50;

    private const int ScaledNsBits = 96;
    private const int Int128Bits = 128;
    private const int NanosecondsLsbShift = 16;
    private const int NanosecondsMsbShift = 80;

    public static TimeStatusNp Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length != Size)
            throw new PtpDecodingException("TIME_STATUS_NP", $"data is {data.Length} bytes, expected {Size}");
        var reader = new PtpWireReader(data);
        long masterOffset = reader.Int64("master_offset");
        long ingressTime = reader.Int64("ingress_time");
        int rateOffset = reader.Int32("cumulativeScaledRateOffset");
        int scaledPhaseChange = reader.Int32("scaledLastGmPhaseChange");
        ushort timeBase = reader.UInt16("gmTimeBaseIndicator");
        Int128 lastPhaseChange = ReadScaledNs(ref reader, "lastGmPhaseChange");
        int gmPresent = reader.Int32("gmPresent");
        if (gmPresent is not (0 or 1))
            throw new PtpDecodingException("gmPresent", $"{gmPresent} is not a boolean (0 or 1)");
        var gmIdentity = reader.ClockIdentity("gmIdentity");
        return new TimeStatusNp(masterOffset, ingressTime, rateOffset, scaledPhaseChange, timeBase,
            lastPhaseChange, gmPresent == 1, gmIdentity);
    }

    private static Int128 ReadScaledNs(ref PtpWireReader reader, string field)
    {
        ushort msb = reader.UInt16(field + ".nanoseconds_msb");
        ulong lsb = reader.UInt64(field + ".nanoseconds_lsb");
        ushort fraction = reader.UInt16(field + ".fractional_nanoseconds");
        Int128 raw = ((Int128)msb << NanosecondsMsbShift) | ((Int128)lsb << NanosecondsLsbShift) | fraction;
        const int unusedBits = Int128Bits - ScaledNsBits;
        return (raw << unusedBits) >> unusedBits;
    }
}
