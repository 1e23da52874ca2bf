using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Hardware.Net.Linux;

/// <summary>
/// Walks the ancillary data recvmsg returned (struct cmsghdr: u64 length, i32 level, i32 type, data aligned to 8) and
/// finds the software timestamp: ts[0] of the SOL_SOCKET / SCM_TIMESTAMPING message (three struct timespec).
/// </summary>
internal static class ControlMessages
{
    private const int HeaderBytes = 16;
    private const int Alignment = 8;
    private const int TimespecBytes = 16;
    private const int TimestampsBytes = 3 * TimespecBytes;

    public static long? SoftwareTimestampNanos(ReadOnlySpan<byte> control)
    {
        int offset = 0;
        while (offset + HeaderBytes <= control.Length)
        {
            long length = BitConverter.ToInt64(control[offset..]);
            int level = BitConverter.ToInt32(control[(offset + 8)..]);
            int type = BitConverter.ToInt32(control[(offset + 12)..]);
            if (length < HeaderBytes || offset + length > control.Length) return null;
            if (level == SocketCalls.SolSocket && type == SocketCalls.SoTimestamping && length >= HeaderBytes + TimestampsBytes)
            {
                var data = control[(offset + HeaderBytes)..];
                long seconds = BitConverter.ToInt64(data);
                long nanos = BitConverter.ToInt64(data[8..]);
                // A zero software stamp means the kernel had only a hardware one (ts[2]), which this socket does not ask for.
                return seconds == 0 && nanos == 0 ? null : checked(seconds * NanoMoment.NanosPerSecond + nanos);
            }
            offset += (int)((length + Alignment - 1) & ~(long)(Alignment - 1));
        }
        return null;
    }
}
