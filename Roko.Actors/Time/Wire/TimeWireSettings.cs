using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Time.Wire;

/// <summary>The <c>roko.timesync.wire</c> block, read once: the time-probe UDP socket. Defaults match hocon/roko.conf.</summary>
public sealed record TimeWireSettings
{
    public const string ConfigPath = "roko.timesync.wire";
    private const string RemotingHostnamePath = "akka.remote.dot-netty.tcp.hostname";
    private const string LoopbackHost = "127.0.0.1";
    private const long NanosPerMilli = 1_000_000;
    private const long NanosPerSecond = 1_000_000_000;
    private const double MaxPlausiblePpm = 100_000;

    public static TimeWireSettings Default { get; } = new();

    /// <summary>roko.timesync.wire.port: UDP port; 0 lets the kernel pick one (the handshake announces it either way).</summary>
    public int Port { get; init; }

    /// <summary>roko.timesync.wire.hostname, or the remoting hostname when that is empty: the address the socket binds.</summary>
    public string Hostname { get; init; } = LoopbackHost;

    /// <summary>roko.timesync.wire.transmit-stamp-timeout: how long a send waits for its kernel transmit stamp before it uses its own.</summary>
    public long TransmitStampTimeoutNanos { get; init; } = 20 * NanosPerMilli;

    /// <summary>roko.timesync.wire.stamp-drift-ppm: largest rate difference between the host's realtime clock and the node clock.</summary>
    public double StampDriftPpm { get; init; } = 500;

    public TimeSpan TransmitStampTimeout => Nanoseconds.ToTimeSpan(TransmitStampTimeoutNanos);

    public static TimeWireSettings Create(Config? root)
    {
        var d = Default;
        var r = new SettingsReader(root, ConfigPath);
        string hostname = r.GetString("hostname", "");
        if (hostname.Length == 0)
            hostname = root is not null && !root.IsEmpty && root.HasPath(RemotingHostnamePath) ? root.GetString(RemotingHostnamePath) : d.Hostname;
        return new TimeWireSettings
        {
            Port = r.GetInt("port", d.Port, 0, ushort.MaxValue),
            Hostname = hostname,
            TransmitStampTimeoutNanos = r.GetDurationNanos("transmit-stamp-timeout", d.TransmitStampTimeoutNanos, min: NanosPerMilli / 10),
            StampDriftPpm = r.GetDouble("stamp-drift-ppm", d.StampDriftPpm, 0, MaxPlausiblePpm),
        };
    }
}
