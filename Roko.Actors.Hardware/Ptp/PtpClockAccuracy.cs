namespace Roko.Actors.Hardware.Ptp;

/// <summary>
/// IEEE 1588-2008 clockAccuracy (table 6): the enumeration a grandmaster states its accuracy against its time source with.
/// 0x20 = within 25 ns … 0x30 = within 10 s; 0x31 (beyond 10 s) and 0xFE (unknown) state no bound.
/// </summary>
public static class PtpClockAccuracy
{
    public const byte Unknown = 0xFE;

    private static readonly long[] BoundsFrom0x20 =
    [
        25, 100, 250, 1_000, 2_500, 10_000, 25_000, 100_000, 250_000, 1_000_000, 2_500_000, 10_000_000, 25_000_000,
        100_000_000, 250_000_000, 1_000_000_000, 10_000_000_000,
    ];

    private const byte First = 0x20;

    /// <summary>The accuracy in nanoseconds, or null when the enumeration states none.</summary>
    public static long? Nanoseconds(byte clockAccuracy)
    {
        int index = clockAccuracy - First;
        return index >= 0 && index < BoundsFrom0x20.Length ? BoundsFrom0x20[index] : null;
    }
}
