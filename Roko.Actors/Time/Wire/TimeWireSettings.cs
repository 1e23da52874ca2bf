using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Nodes;

namespace Roko.Actors.Time.Wire;

/// <summary>The <c>roko.timesync.wire</c> block, read once: the time-probe UDP socket. hocon/roko.conf holds every default.</summary>
public sealed record TimeWireSettings
{
    public const string ConfigPath = "roko.timesync.wire";
    private const string RemotingPath = "akka.remote.dot-netty.tcp";
    private const string LoopbackHost = "127.0.0.1";
    private const double MaxPlausiblePpm = 100_000;
    private static readonly long ShortestTransmitStampTimeoutNanos = Nanoseconds.FromTimeSpan(TimeSpan.FromMilliseconds(0.1));

    /// <summary>The shipped defaults: <c>roko.timesync.wire</c> of hocon/roko.conf.</summary>
    public static TimeWireSettings Default { get; } = Create(RokoConfig.Defaults);

    /// <summary>roko.timesync.wire.port: UDP port; 0 lets the kernel pick one (the handshake announces it either way).</summary>
    public required int Port { get; init; }

    /// <summary>
    /// roko.timesync.wire.hostname, or the remoting hostname (akka.remote.dot-netty.tcp.hostname) when that is empty, or
    /// the loopback address when no remoting is configured: the address the socket binds.
    /// </summary>
    public required string Hostname { get; init; }

    /// <summary>roko.timesync.wire.transmit-stamp-timeout: how long a send waits for its kernel transmit stamp before it uses its own.</summary>
    public required long TransmitStampTimeoutNanos { get; init; }

    /// <summary>roko.timesync.wire.stamp-drift-ppm: largest rate difference between the host's realtime clock and the node clock.</summary>
    public required double StampDriftPpm { get; init; }

    public TimeSpan TransmitStampTimeout => Nanoseconds.ToTimeSpan(TransmitStampTimeoutNanos);

    public static TimeWireSettings Create(Config root)
    {
        var r = SettingsReader.Section(root, ConfigPath);
        string hostname = r.Text("hostname");
        if (hostname.Length == 0) hostname = RemotingHostname(root);
        return new TimeWireSettings
        {
            Port = r.Int("port", 0, ushort.MaxValue),
            Hostname = hostname,
            TransmitStampTimeoutNanos = r.DurationNanos("transmit-stamp-timeout", min: ShortestTransmitStampTimeoutNanos),
            StampDriftPpm = r.Double("stamp-drift-ppm", 0, MaxPlausiblePpm),
        };
    }

    /// <summary>akka.remote.dot-netty.tcp.hostname; the loopback address for a node without remoting (a bench, a test).</summary>
    private static string RemotingHostname(Config root)
    {
        if (!root.HasPath(RemotingPath)) return LoopbackHost;
        var remoting = SettingsReader.Section(root, RemotingPath);
        return remoting.Has("hostname") ? remoting.Text("hostname") : LoopbackHost;
    }
}
