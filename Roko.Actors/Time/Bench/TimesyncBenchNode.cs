using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Configuration;
using Roko.Actors.Hardware;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Nodes;
using static Roko.Actors.Time.TimeSyncProtocol;

namespace Roko.Actors.Time.Bench;

/// <summary>
/// One bench node: its own ActorSystem on loopback Akka.Remote (random port), a disciplined clock over a seeded
/// simulated oscillator driven by <see cref="HostTime"/>, the clock actor and the time-sync sampler at /user/timesync.
/// </summary>
public sealed class TimesyncBenchNode
{
    public const string SamplerName = "timesync";
    private const string RemoteConfig = """
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp.hostname = 127.0.0.1
        akka.remote.dot-netty.tcp.port = 0
        akka.remote.dot-netty.tcp.batching.enabled = false
        akka.loglevel = WARNING
        """;

    private TimesyncBenchNode(string name, TimesyncBenchRole role, ActorSystem system, DisciplinedClock clock,
        IActorRef sampler, SimulatedClockOptions oscillator)
    {
        Name = name;
        Role = role;
        System = system;
        Clock = clock;
        Sampler = sampler;
        Oscillator = oscillator;
    }

    public string Name { get; }
    public TimesyncBenchRole Role { get; }
    public ActorSystem System { get; }
    public DisciplinedClock Clock { get; }
    public IActorRef Sampler { get; }
    public SimulatedClockOptions Oscillator { get; }

    public ActorPath SamplerPath => new RootActorPath(((ExtendedActorSystem)System).Provider.DefaultAddress) / "user" / SamplerName;

    public static TimesyncBenchNode Start(string name, TimesyncBenchRole role, SimulatedClockOptions oscillator,
        ClockSourceSettings clockSettings, TimeSyncSettings syncSettings, HostTime truth, ConcurrentDictionary<string, long> falsetickers,
        ISet<string> timeCards, ConcurrentQueue<(long DelayNanos, long ErrorNanos, int Sequence)> cardSamples)
    {
        var config = ConfigurationFactory.ParseString(RemoteConfig).WithFallback(RokoConfig.Defaults).WithFallback(HardwareConfig.Default);
        var system = ActorSystem.Create(name, config);
        var source = new SimulatedClockSource(oscillator, truth.Now);
        var clock = new DisciplinedClock(source, clockSettings);
        if (role == TimesyncBenchRole.Converging) system.ActorOf(ProbeTally.Props(source, timeCards, cardSamples), "probe-tally");
        var clockActor = system.ActorOf(PtpClockActor.Props(clock, clockSettings), "clock");
        var sampler = system.ActorOf(TimeSyncSampler.Props(clock, clockActor, syncSettings), SamplerName);
        system.ActorOf(FalsetickerTally.Props(falsetickers), "falseticker-tally");
        return new TimesyncBenchNode(name, role, system, clock, sampler, oscillator);
    }

    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Converging nodes sample every other node; time cards and the falseticker only answer. Peers' samplers are resolved
    /// once to remote refs: an ActorSelection is resolved by the receiving system on every message, which delays the
    /// probe's way out but not the reply's way back, and that asymmetry goes straight into θ.
    /// </summary>
    public async Task ConnectAsync(IEnumerable<TimesyncBenchNode> all)
    {
        if (Role != TimesyncBenchRole.Converging) return;
        var peers = new List<TimePeer>();
        foreach (var other in all.Where(n => n != this))
        {
            var selection = System.ActorSelection(other.SamplerPath);
            try
            {
                peers.Add(new TimePeer(other.Name, await selection.ResolveOne(ResolveTimeout)));
            }
            catch (ActorNotFoundException)
            {
                // A starved machine may not answer the resolution in time: sample through the selection instead.
                peers.Add(new TimePeer(other.Name, selection));
            }
        }
        Sampler.Tell(new SetTimePeers(peers));
    }
}
