using System.Buffers.Binary;

namespace Roko.Actors.Propagation.Bench;

/// <summary>Benchmark payloads: the message index (little-endian int) followed by seeded random bytes.</summary>
public static class BenchPayload
{
    public static byte[] For(int index, Random random)
    {
        var payload = new byte[GossipBenchOptions.PayloadBytes];
        random.NextBytes(payload);
        BinaryPrimitives.WriteInt32LittleEndian(payload, index);
        return payload;
    }

    /// <summary>The message index, or -1 for a payload too short to be a benchmark message.</summary>
    public static int MessageIndexOf(byte[] payload) =>
        payload.Length >= sizeof(int) ? BinaryPrimitives.ReadInt32LittleEndian(payload) : -1;
}
