namespace Roko.Actors.Hardware.Clocks.Linux;

/// <summary>The kernel's _IOC encoding (asm-generic/ioctl.h): dir | size | type | number.</summary>
internal static class IoctlNumber
{
    private const int NumberBits = 8;
    private const int TypeBits = 8;
    private const int SizeBits = 14;
    private const int NumberShift = 0;
    private const int TypeShift = NumberShift + NumberBits;
    private const int SizeShift = TypeShift + TypeBits;
    private const int DirectionShift = SizeShift + SizeBits;
    private const uint DirectionWrite = 1;
    private const uint DirectionRead = 2;
    private const int MaxSize = (1 << SizeBits) - 1;

    public static uint Read(char type, int number, int size) => Encode(DirectionRead, type, number, size);

    public static uint Write(char type, int number, int size) => Encode(DirectionWrite, type, number, size);

    public static uint ReadWrite(char type, int number, int size) =>
        Encode(DirectionRead | DirectionWrite, type, number, size);

    private static uint Encode(uint direction, char type, int number, int size)
    {
        if (size is < 0 or > MaxSize)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"ioctl argument size must fit in {SizeBits} bits");
        return (direction << DirectionShift) | ((uint)size << SizeShift) | ((uint)type << TypeShift)
               | ((uint)number << NumberShift);
    }
}
