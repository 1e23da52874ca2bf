namespace Roko.Actors.Hardware.Ptp;

/// <summary>IEEE 1588 currentDS (management id 0x2001), TimeIntervals converted from 2^-16 ns to ns.</summary>
/// <param name="StepsRemoved">Boundary clocks between this clock and the grandmaster (0 on the grandmaster).</param>
/// <param name="OffsetFromMasterNanoseconds">Current offset from the master, ns.</param>
/// <param name="MeanPathDelayNanoseconds">Mean one-way path delay to the master, ns.</param>
public sealed record CurrentDataSet(ushort StepsRemoved, double OffsetFromMasterNanoseconds, double MeanPathDelayNanoseconds)
{
    public const int Size = 2 + 8 + 8;

    /// <summary>TimeInterval carries nanoseconds multiplied by 2^16.</summary>
    public const double TimeIntervalUnitsPerNanosecond = 65536.0;

    public static CurrentDataSet Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length != Size)
            throw new PtpDecodingException("CURRENT_DATA_SET", $"data is {data.Length} bytes, expected {Size}");
        var reader = new PtpWireReader(data);
        ushort stepsRemoved = reader.UInt16("stepsRemoved");
        long offset = reader.Int64("offsetFromMaster");
        long delay = reader.Int64("meanPathDelay");
        return new CurrentDataSet(stepsRemoved, offset / TimeIntervalUnitsPerNanosecond, delay / TimeIntervalUnitsPerNanosecond);
    }
}
