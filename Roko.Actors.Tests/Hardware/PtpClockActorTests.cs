using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Hardware;
using Roko.Actors.Tests.Support;
using Xunit;
using static Roko.Actors.Hardware.Clocks.PtpClockProtocol;

namespace Roko.Actors.Tests.Hardware;

public class PtpClockActorTests() : TestKit(ConfigurationFactory.ParseString("akka.loglevel = INFO").WithFallback(HardwareConfig.Default))
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);
    private static readonly ClockSourceSettings FastReads = ShippedClockSettings.Clock with { ReadingIntervalNanos = 20_000_000 };

    [Fact]
    public void Clock_actor_should_fall_back_to_the_system_clock_with_a_degraded_status_when_the_device_fails()
    {
        var device = new FailingClockSource(() => SystemClockSource.Instance.Read().Time);
        var clock = new DisciplinedClock(device, FastReads);
        Sys.EventStream.Subscribe(TestActor, typeof(ClockStatusChanged));
        var actor = Sys.ActorOf(PtpClockActor.Props(clock, FastReads), "clock");

        device.Fail();

        var changed = ExpectMsg<ClockStatusChanged>(Generous);
        Assert.Equal(ClockStatus.Synchronized, changed.Previous);
        Assert.NotEqual(ClockStatus.Synchronized, changed.Current);
        actor.Tell(GetClockState.Instance);
        var state = ExpectMsg<CurrentClockState>(Generous);
        Assert.Same(SystemClockSource.Instance, clock.Source);
        Assert.Contains("failing test device failed", state.DegradedReason, StringComparison.Ordinal);
        Assert.NotEqual(ClockStatus.Synchronized, state.Reading.Status);
    }

    [Fact]
    public void Clock_actor_should_report_free_running_when_the_fallback_can_bound_its_error()
    {
        var device = new FailingClockSource(() => SystemClockSource.Instance.Read().Time);
        var clock = new DisciplinedClock(device, FastReads);
        var fallback = new SimulatedClockSource(new SimulatedClockOptions { ClaimedErrorNanos = 5_000_000 });
        Sys.EventStream.Subscribe(TestActor, typeof(ClockStatusChanged));
        var actor = Sys.ActorOf(PtpClockActor.Props(clock, FastReads, fallback));

        device.Fail();

        Assert.Equal(ClockStatus.FreeRunning, ExpectMsg<ClockStatusChanged>(Generous).Current);
        AwaitAssert(() => Assert.Same(fallback, clock.Source), Generous);
        Assert.True(clock.Now().IsBounded);
        actor.Tell(new ApplyCorrection(0, 0, 1_000));
        ExpectMsg<CorrectionApplied>(Generous);
    }

    [Fact]
    public void Clock_actor_should_apply_corrections_to_the_disciplined_clock()
    {
        var source = new SimulatedClockSource(new SimulatedClockOptions
        {
            ClaimedErrorNanos = 1_000_000,
            ClaimedStatus = ClockStatus.FreeRunning,
        });
        var clock = new DisciplinedClock(source, FastReads);
        Sys.EventStream.Subscribe(TestActor, typeof(ClockStatusChanged));
        var actor = Sys.ActorOf(PtpClockActor.Props(clock, FastReads));

        actor.Tell(new ApplyCorrection(-200_000, 0, 5_000));

        var applied = ExpectMsg<CorrectionApplied>(Generous);
        Assert.Equal(-200_000, applied.PhaseNanos);
        Assert.False(applied.Stepped);
        Assert.Equal(ClockStatus.Synchronized, ExpectMsg<ClockStatusChanged>(Generous).Current);
        Assert.Equal(1, clock.Snapshot.CorrectionCount);
        Assert.Equal(-200_000, clock.Snapshot.PendingPhaseNanos);
        Assert.NotNull(clock.LastCorrection);
    }

    [Fact]
    public void Clock_actor_should_reject_a_correction_with_a_negative_uncertainty()
    {
        var clock = new DisciplinedClock(new SimulatedClockSource(new SimulatedClockOptions()), FastReads);
        var actor = Sys.ActorOf(PtpClockActor.Props(clock, FastReads));

        actor.Tell(new ApplyCorrection(0, 0, -1));

        ExpectMsg<CorrectionRejected>(Generous);
        Assert.Null(clock.LastCorrection);
    }
}
