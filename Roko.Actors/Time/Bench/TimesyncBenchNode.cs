using System.Collections.Concurrent;
using System.Net;
using Akka.Actor;
using Akka.Configuration;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Net;
using Roko.Actors.Nodes;
using Roko.Actors.Time.Wire;
using static Roko.Actors.Time.TimeSyncProtocol;

namespace Roko.Actors.Time.Bench;

/// <summary>
/// One bench node: its own ActorSystem, a disciplined clock over a seeded simulated oscillator driven by
/// <see cref="HostTime"/>, the clock actor, and the production time-probe path: a <see cref="TimestampedUdpSocket"/> on
/// 127.0.0.1 (kernel timestamps) served by a <see cref="TimeWireEndpoint"/> that answers with attestations signed by the
/// node's own key; converging nodes also run the time-sync sampler at /user/timesync, which probes through it.
/// </summary>
public sealed class TimesyncBenchNode : IDisposable
{
    public const string SamplerName = "timesync";
    private const string WireName = "timewire";
    private const string LocalConfig = """
        akka.actor.provider = local
        akka.loglevel = WARNING
        """;

    private TimesyncBenchNode(string name, TimesyncBenchRole role, ActorSystem system, DisciplinedClock clock,
        IActorRef? sampler, SimulatedClockOptions oscillator, TimestampedUdpSocket socket, SigningKey key)
    {
        Name = name;
        Role = role;
        System = system;
        Clock = clock;
        Sampler = sampler;
        Oscillator = oscillator;
        Socket = socket;
        Key = key;
    }

    public string Name { get; }
    public TimesyncBenchRole Role { get; }
    public ActorSystem System { get; }
    public DisciplinedClock Clock { get; }

    /// <summary>The node's sampler; null on time cards and the falseticker, which only answer.</summary>
    public IActorRef? Sampler { get; }

    public SimulatedClockOptions Oscillator { get; }
    public TimestampedUdpSocket Socket { get; }
    public SigningKey Key { get; }

    public static TimesyncBenchNode Start(string name, TimesyncBenchRole role, SimulatedClockOptions oscillator,
        ClockSourceSettings clockSettings, TimeSyncSettings syncSettings, HostTime truth, ConcurrentDictionary<string, long> falsetickers,
        ISet<string> timeCards, ConcurrentQueue<(long DelayNanos, long ErrorNanos, int Sequence)> cardSamples)
    {
        var config = ConfigurationFactory.ParseString(LocalConfig).WithFallback(RokoConfig.Defaults).WithFallback(HardwareConfig.Default);
        var system = ActorSystem.Create(name, config);
        var source = new SimulatedClockSource(oscillator, truth.Now);
        var clock = new DisciplinedClock(source, clockSettings);
        var socket = TimestampedUdpSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var key = SigningKey.Generate();
        bool converging = role == TimesyncBenchRole.Converging;
        var wire = system.ActorOf(TimeWireEndpoint.Props(socket, new WireClock(clock, converging ? clock : null), key,
            TimeWireSettings.Default, guard: null), WireName);
        IActorRef? sampler = null;
        var clockActor = system.ActorOf(PtpClockActor.Props(clock, clockSettings), "clock");
        if (converging)
        {
            system.ActorOf(ProbeTally.Props(source, timeCards, cardSamples), "probe-tally");
            sampler = system.ActorOf(TimeSyncSampler.Props(clock, clockActor, wire, syncSettings), SamplerName);
        }
        system.ActorOf(FalsetickerTally.Props(falsetickers), "falseticker-tally");
        return new TimesyncBenchNode(name, role, system, clock, sampler, oscillator, socket, key);
    }

    /// <summary>Converging nodes sample every other node at its UDP port, expecting its key; time cards and the falseticker only answer.</summary>
    public void Connect(IEnumerable<TimesyncBenchNode> all)
    {
        if (Sampler is null) return;
        var peers = all.Where(n => n != this)
            .Select(n => new TimePeer(n.Name, n.Socket.LocalEndPoint.Address.ToString(), n.Socket.LocalEndPoint.Port, n.Key.PublicKey))
            .ToList();
        Sampler.Tell(new SetTimePeers(peers));
    }

    public void Dispose() => Socket.Dispose();
}
