namespace Roko.Actors.Tests.Network;

/// <summary>
/// Block-like and vote-like binary payloads: fixed-width fields, addresses drawn from a small set, small
/// integers, and 64-byte signatures that are random (incompressible), as on the wire.
/// </summary>
internal static class RepresentativePayloads
{
    private const int AddressBytes = 20, HashBytes = 32, SignatureBytes = 64, KnownAddresses = 50;

    public static byte[] Vote(int seed = 1)
    {
        var random = new Random(seed);
        var addresses = Addresses(random);
        using var bytes = new MemoryStream();
        using var writer = new BinaryWriter(bytes);
        writer.Write((byte)1);
        writer.Write(123_456L);
        writer.Write(3);
        writer.Write(Random(random, HashBytes));
        writer.Write(addresses[random.Next(KnownAddresses)]);
        writer.Write(1_800_000_000_000_000_000L);
        writer.Write(Random(random, SignatureBytes));
        writer.Write(addresses[random.Next(KnownAddresses)]);
        return bytes.ToArray();
    }

    public static byte[] Block(int size, int seed = 1)
    {
        var random = new Random(seed);
        var addresses = Addresses(random);
        using var bytes = new MemoryStream();
        using var writer = new BinaryWriter(bytes);
        writer.Write(123_456L);
        writer.Write(Random(random, HashBytes * 3));
        while (bytes.Length < size)
        {
            writer.Write(addresses[random.Next(KnownAddresses)]);
            writer.Write(addresses[random.Next(KnownAddresses)]);
            writer.Write((long)random.Next(1, 1_000_000));
            writer.Write((long)random.Next(0, 500));
            writer.Write(21_000L);
            writer.Write(Random(random, SignatureBytes));
        }
        return bytes.ToArray()[..size];
    }

    private static byte[][] Addresses(Random random) =>
        Enumerable.Range(0, KnownAddresses).Select(_ => Random(random, AddressBytes)).ToArray();

    private static byte[] Random(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
