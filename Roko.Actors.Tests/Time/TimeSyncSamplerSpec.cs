using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Roko.Actors.Hardware;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Time;
using Xunit;
using static Roko.Actors.Hardware.Clocks.PtpClockProtocol;
using static Roko.Actors.Time.TimeSyncProtocol;

namespace Roko.Actors.Tests.Time;

public class TimeSyncSamplerSpec() : TestKit(ConfigurationFactory.ParseString("akka.loglevel = INFO").WithFallback(HardwareConfig.Default))
{
    private const long Millis = 1_000_000;
    private const long Micros = 1_000;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);

    private static readonly TimeSyncSettings Fast = TimeSyncSettings.Default with
    {
        ProbeIntervalNanos = 100 * Millis,
        ProbeTimeoutNanos = 80 * Millis,
        MinSources = 1,
    };

    [Fact]
    public void Sampler_should_build_a_sample_from_a_probe_and_its_reply()
    {
        var peer = Peer("ahead", offsetNanos: 5 * Millis);
        var clockActor = CreateTestProbe();
        var sampler = Sampler(LocalClock(), clockActor, Fast, [peer]);

        var correction = clockActor.ExpectMsg<ApplySourceCorrection>(Generous).Correction;

        Assert.InRange(5 * Millis, correction.OffsetLowNanos, correction.OffsetHighNanos);
        Assert.True(correction.OffsetHighNanos - correction.OffsetLowNanos < 20 * Millis, "a loopback sample should be narrow");
        var status = AwaitStatus(sampler, s => s.Sources == 1);
        Assert.Equal(SyncOutcome.Synchronized, status.Outcome);
    }

    [Fact]
    public void Sampler_should_make_no_correction_and_report_unsynchronized_when_only_two_of_five_agree()
    {
        TimePeer[] peers =
        [
            Peer("a", 0), Peer("b", 0), Peer("c", 100 * Millis), Peer("d", 200 * Millis), Peer("e", 300 * Millis),
        ];
        var clockActor = CreateTestProbe();
        var sampler = Sampler(LocalClock(ClockStatus.Unsynchronized), clockActor, Fast with { MinSources = 3 }, peers);

        var status = AwaitStatus(sampler, s => s.Sources == 5);

        Assert.Equal(SyncOutcome.NoMajority, status.Outcome);
        Assert.Equal(2, status.Agreeing);
        Assert.Equal(ClockStatus.Unsynchronized, status.ClockStatus);
        clockActor.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void Sampler_should_detect_and_publish_a_falseticker()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(FalsetickerDetected));
        TimePeer[] peers = [Peer("a", 0), Peer("b", 0), Peer("c", 0), Peer("liar", 500 * Millis)];
        Sampler(LocalClock(), CreateTestProbe(), Fast with { MinSources = 3 }, peers);

        var detected = ExpectMsg<FalsetickerDetected>(Generous);

        Assert.Equal("liar", detected.Peer);
        Assert.Equal(3, detected.Agreeing);
        Assert.Equal(4, detected.Sources);
        Assert.True(detected.PeerLowNanos > detected.AgreedHighNanos);
    }

    [Fact]
    public void Sampler_should_not_use_unsynchronized_peers_as_sources()
    {
        TimePeer[] peers =
        [
            Peer("honest", 0),
            Peer("lost", 500 * Millis, status: ClockStatus.Unsynchronized),
            Peer("unbounded", 500 * Millis, errorNanos: long.MaxValue),
        ];
        var clockActor = CreateTestProbe();
        var sampler = Sampler(LocalClock(), clockActor, Fast, peers);

        var correction = clockActor.ExpectMsg<ApplySourceCorrection>(Generous).Correction;

        Assert.InRange(0, correction.OffsetLowNanos, correction.OffsetHighNanos);
        var status = AwaitStatus(sampler, s => s.Round >= 3);
        Assert.Equal(1, status.Sources);
        Assert.Equal(3, status.TimePeers);
        Assert.Equal(1.0 / 3, status.AttestationRate!.Value, precision: 9);
    }

    [Fact]
    public void Sampler_should_drop_replies_older_than_the_probe_timeout()
    {
        var slow = Peer("slow", 0, replyDelay: TimeSpan.FromMilliseconds(200));
        var clockActor = CreateTestProbe();
        var sampler = Sampler(LocalClock(), clockActor, Fast, [slow]);

        var status = AwaitStatus(sampler, s => s.Round >= 6);

        Assert.Equal(0, status.Sources);
        Assert.Equal(SyncOutcome.TooFewSources, status.Outcome);
        clockActor.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Corrections_should_reach_the_clock_and_synchronize_it()
    {
        var clock = LocalClock(ClockStatus.Unsynchronized, offsetNanos: -3 * Millis);
        var clockActor = Sys.ActorOf(PtpClockActor.Props(clock, ClockSourceSettings.Default), "clock");
        TimePeer[] peers = [Peer("a", 0), Peer("b", 0), Peer("c", 0)];
        Sampler(clock, clockActor, Fast with { MinSources = 3 }, peers);

        AwaitAssert(() => Assert.Equal(ClockStatus.Synchronized, clock.Status), Generous);

        var truthBefore = SystemClockSource.ReadRealtime();
        var interval = clock.Now();
        var truthAfter = SystemClockSource.ReadRealtime();
        Assert.True(interval.Earliest <= truthAfter && truthBefore <= interval.Latest, $"{interval} misses true time {truthBefore}");
        Assert.True(interval.HalfWidthNanos < 10 * Millis, $"interval {interval} is too wide");
    }

    [Fact]
    public void Sampler_should_answer_probes_with_its_clock_and_error()
    {
        var sampler = Sampler(LocalClock(), CreateTestProbe(), Fast, []);
        var t1 = new NanoMoment(42);

        sampler.Tell(new TimeProbe(t1, 7));

        var reply = ExpectMsg<TimeProbeReply>(Generous);
        Assert.Equal(t1, reply.T1);
        Assert.Equal(7, reply.ProbeId);
        Assert.True(reply.T2 <= reply.T3);
        Assert.True(reply.IsUsableSource);
        Assert.InRange(reply.PeerErrorNanos, Millis, 2 * Millis);
    }

    [Fact]
    public void Sampler_should_chain_a_rounds_burst_of_probes_each_after_the_previous_reply()
    {
        var peer = CreateTestProbe();
        var settings = Fast with { ProbeIntervalNanos = 3_000 * Millis, ProbeTimeoutNanos = 2_500 * Millis, ProbesPerRound = 3 };
        Sys.EventStream.Subscribe(TestActor, typeof(ProbeSampled));
        Sampler(LocalClock(), CreateTestProbe(), settings, [new TimePeer("peer", peer.Ref)]);

        for (int sequence = 0; sequence < 3; sequence++)
        {
            var probe = peer.ExpectMsg<TimeProbe>(sequence == 0 ? Generous : TimeSpan.FromSeconds(1));
            var sampler = peer.LastSender;
            peer.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
            var t = SystemClockSource.ReadRealtime();
            sampler.Tell(new TimeProbeReply(probe.T1, t, t, probe.ProbeId, Micros, ClockStatus.Synchronized), peer.Ref);
            Assert.Equal(sequence, ExpectMsg<ProbeSampled>(Generous).Sequence);
        }

        peer.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
    }

    private IActorRef Sampler(DisciplinedClock clock, IActorRef clockActor, TimeSyncSettings settings, IReadOnlyList<TimePeer> peers) =>
        Sys.ActorOf(TimeSyncSampler.Props(clock, clockActor, settings, peers));

    private TimeSyncStatus AwaitStatus(IActorRef sampler, Func<TimeSyncStatus, bool> until)
    {
        TimeSyncStatus? found = null;
        AwaitCondition(() =>
        {
            found = sampler.Ask<TimeSyncStatus>(GetTimeSyncStatus.Instance, Generous).GetAwaiter().GetResult();
            return until(found);
        }, Generous, TimeSpan.FromMilliseconds(50));
        return found!;
    }

    private TimePeer Peer(string name, long offsetNanos, long errorNanos = Micros, ClockStatus status = ClockStatus.Synchronized,
        TimeSpan? replyDelay = null) =>
        new(name, Sys.ActorOf(Props.Create(() => new FakeTimePeer(offsetNanos, errorNanos, status, replyDelay ?? TimeSpan.Zero)), name));

    private static DisciplinedClock LocalClock(ClockStatus status = ClockStatus.Synchronized, long offsetNanos = 0) =>
        new(new SimulatedClockSource(new SimulatedClockOptions
        {
            OffsetNanos = offsetNanos,
            ClaimedErrorNanos = Millis,
            ClaimedStatus = status,
        }));

    /// <summary>A peer whose clock reads true time + offset and claims the given error and status.</summary>
    private sealed class FakeTimePeer : ReceiveActor
    {
        public FakeTimePeer(long offsetNanos, long errorNanos, ClockStatus status, TimeSpan replyDelay)
        {
            Receive<TimeProbe>(probe =>
            {
                var t = SystemClockSource.ReadRealtime().AddNanoseconds(offsetNanos);
                var reply = new TimeProbeReply(probe.T1, t, t, probe.ProbeId, errorNanos, status);
                if (replyDelay == TimeSpan.Zero) Sender.Tell(reply);
                else Context.System.Scheduler.ScheduleTellOnce(replyDelay, Sender, reply, Self);
            });
        }
    }
}
