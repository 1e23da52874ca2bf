using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Ptp;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Tests.Support;
using Xunit;
using static Roko.Actors.Tests.Ptp.ManagementResponseBuilder;

namespace Roko.Actors.Tests.Ptp;

public sealed class Ptp4lClockJudgeTests
{
    private const ulong Grandmaster = 0x0011_22ff_fe33_4455;
    private const ulong Self = 0x00aa_bbff_fecc_ddee;
    private static readonly NanoMoment Now = NanoMoment.FromUnixSeconds(1_800_000_000);

    private static readonly Ptp4lSourceSettings Settings = ShippedClockSettings.Ptp4l with
    {
        HardwareTimestampErrorNanos = 100,
        SyncTimeoutNanos = 3_000_000_000,
        HoldoverDriftPpm = 10,
        HoldoverMaxErrorNanos = 100_000_000,
    };

    private static Ptp4lObservation Slave(long offset = -1_200, double delay = 2_500, byte clockClass = 6, byte accuracy = 0x21,
        PtpPortState state = PtpPortState.Slave, bool gmPresent = true, long syncAge = 500_000_000, ushort steps = 1, NanoMoment? at = null) =>
        new(new TimeStatusNp(offset, (at ?? Now).UnixNanoseconds - syncAge, 0, 0, 0, 0, gmPresent, new PtpClockIdentity(Grandmaster)),
            Port(Self, state),
            Parent(Grandmaster, clockClass, accuracy),
            new CurrentDataSet(steps, offset, delay),
            at ?? Now);

    private static Ptp4lObservation OwnGrandmaster(byte clockClass, byte accuracy = 0x21) =>
        new(new TimeStatusNp(0, 0, 0, 0, 0, 0, false, new PtpClockIdentity(Self)),
            Port(Self, PtpPortState.Master), Parent(Self, clockClass, accuracy), new CurrentDataSet(0, 0, 0), Now);

    private static PortDataSet Port(ulong clock, PtpPortState state) =>
        new(new PtpPortIdentity(new PtpClockIdentity(clock), 1), state, 0, 0, 1, 3, 0, 1, 0, 2);

    private static ParentDataSet Parent(ulong gm, byte clockClass, byte accuracy) =>
        new(new PtpPortIdentity(new PtpClockIdentity(gm), 1), false, 0xFFFF, 0x7FFF_FFFF, 128,
            new PtpClockQuality(clockClass, accuracy, 0x4E5D), 128, new PtpClockIdentity(gm));

    private static Ptp4lJudgement Judge(Ptp4lObservation? o, Ptp4lJudgement? previous = null, NanoMoment? at = null) =>
        Ptp4lClockJudge.Judge(o, o is null ? "no response to GET TIME_STATUS_NP" : null, at ?? Now, previous ?? Ptp4lJudgement.NotYetAsked, Settings);

    [Fact]
    public void Locked_slave_of_a_primary_reference_grandmaster_should_be_synchronized_within_offset_delay_stamping_and_accuracy()
    {
        var judgement = Judge(Slave());

        Assert.Equal(ClockStatus.Synchronized, judgement.Status);
        Assert.Equal(1_200 + 2_500 + 100 + 100, judgement.BoundAt(Now));
        Assert.True(judgement.BoundAt(Now) >= 1_200, "the bound covers |offset|");
        Assert.Equal(Now, judgement.LastLocked);
    }

    [Fact]
    public void Slave_without_a_measured_path_delay_should_not_be_synchronized()
    {
        // ptp4l reports offset 0 until its first delay measurement: that is no measurement.
        Assert.Contains("no path delay", Judge(Slave(offset: 0, delay: 0)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_boundary_clock_between_should_add_one_time_stamping_error()
    {
        Assert.Equal(1_200 + 2_500 + 3 * 100 + 100, Judge(Slave(steps: 3)).BoundAt(Now));
    }

    [Theory]
    [InlineData(PtpPortState.Listening)]
    [InlineData(PtpPortState.Uncalibrated)]
    [InlineData(PtpPortState.Faulty)]
    [InlineData(PtpPortState.Master)]
    public void Slave_port_leaving_SLAVE_after_a_lock_should_hold_over_from_the_last_lock(PtpPortState state)
    {
        var locked = Judge(Slave());
        var later = Now.AddNanoseconds(2_000_000_000);

        var lost = Judge(Slave(state: state, at: later), locked, later);

        Assert.Equal(ClockStatus.Holdover, lost.Status);
        Assert.Contains(state.ToString(), lost.Reason, StringComparison.Ordinal);
        // 2 s at 10 ppm = 20 µs on top of the bound at the last lock.
        Assert.Equal(3_900 + 20_000, lost.BoundAt(later));
        Assert.True(lost.BoundAt(later.AddNanoseconds(1_000_000_000)) > lost.BoundAt(later));
    }

    [Fact]
    public void Measure_only_ptp4l_should_vouch_for_an_uncalibrated_port_adding_the_drift_since_the_Sync()
    {
        var measureOnly = Settings with { Management = PtpSettingsTests.FromHocon("roko.ptp.free-running = on") };

        var judgement = Ptp4lClockJudge.Judge(Slave(state: PtpPortState.Uncalibrated), null, Now, Ptp4lJudgement.NotYetAsked, measureOnly);

        Assert.Equal(ClockStatus.Synchronized, judgement.Status);
        // 0.5 s since the Sync at 10 ppm = 5 µs.
        Assert.Equal(3_900 + 5_000, judgement.BoundAt(Now));
        Assert.Equal(ClockStatus.Unsynchronized, Judge(Slave(state: PtpPortState.Uncalibrated)).Status);
    }

    [Fact]
    public void Stale_sync_should_count_as_a_lost_master()
    {
        var locked = Judge(Slave());

        var stale = Judge(Slave(syncAge: 4_000_000_000), locked);

        Assert.Equal(ClockStatus.Holdover, stale.Status);
        Assert.Contains("last Sync", stale.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreachable_ptp4l_should_hold_over_after_a_lock_and_be_unsynchronized_before_one()
    {
        Assert.Equal(ClockStatus.Holdover, Judge(null, Judge(Slave())).Status);
        var never = Judge(null);
        Assert.Equal(ClockStatus.Unsynchronized, never.Status);
        Assert.Contains("ptp4l unreachable", never.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Holdover_should_become_unsynchronized_past_its_maximum_and_lock_again_afterwards()
    {
        var locked = Judge(Slave());
        var muchLater = Now.AddNanoseconds(20_000_000_000_000); // 20,000 s at 10 ppm = 200 ms > 100 ms

        var useless = Judge(null, locked, muchLater);
        var relocked = Judge(Slave(at: muchLater), useless, muchLater);

        Assert.Equal(ClockStatus.Unsynchronized, useless.Status);
        Assert.Equal(ClockStatus.Synchronized, relocked.Status);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(52)]
    [InlineData(248)]
    public void Slave_of_a_grandmaster_not_locked_to_a_primary_reference_should_not_be_synchronized(byte clockClass)
    {
        var judgement = Judge(Slave(clockClass: clockClass));

        Assert.Equal(ClockStatus.Unsynchronized, judgement.Status);
        Assert.Contains($"clock class {clockClass}", judgement.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Grandmaster_that_states_no_accuracy_should_not_vouch_for_its_slaves()
    {
        Assert.Contains("states no accuracy", Judge(Slave(accuracy: PtpClockAccuracy.Unknown)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Own_grandmaster_should_report_its_own_clock_class()
    {
        var locked = Judge(OwnGrandmaster(6, 0x22));
        var holding = Judge(OwnGrandmaster(7, 0x22), locked);
        var freeRunning = Judge(OwnGrandmaster(248));

        Assert.Equal((ClockStatus.Synchronized, 250L), (locked.Status, locked.BoundAt(Now)));
        Assert.Contains("grandmaster of clock class 6", locked.Reason, StringComparison.Ordinal);
        Assert.Equal(ClockStatus.Holdover, holding.Status);
        Assert.Equal(ClockStatus.Unsynchronized, freeRunning.Status);
        Assert.Contains("clock class 248", freeRunning.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x20, 25L)]
    [InlineData(0x21, 100L)]
    [InlineData(0x23, 1_000L)]
    [InlineData(0x2F, 1_000_000_000L)]
    [InlineData(0x31, null)]
    [InlineData(0xFE, null)]
    public void Clock_accuracy_should_map_to_the_standards_bounds(byte accuracy, long? nanoseconds)
    {
        Assert.Equal(nanoseconds, PtpClockAccuracy.Nanoseconds(accuracy));
    }

    [Fact]
    public void PortDataSet_should_decode_a_slave_port()
    {
        byte[] data = [.. U64(Self), .. U16(1), 9, 0, .. I64(0), 1, 3, 0, 1, 0, 0x12];

        var port = PortDataSet.Decode(data);

        Assert.Equal(new PtpPortIdentity(new PtpClockIdentity(Self), 1), port.PortIdentity);
        Assert.Equal(PtpPortState.Slave, port.PortState);
        Assert.Equal(3, port.AnnounceReceiptTimeout);
        Assert.Equal(2, port.VersionNumber);
    }

    [Fact]
    public void PortDataSet_should_refuse_an_unknown_port_state()
    {
        byte[] data = [.. U64(Self), .. U16(1), 42, 0, .. I64(0), 1, 3, 0, 1, 0, 2];

        Assert.Equal("portState", Assert.Throws<PtpDecodingException>(() => PortDataSet.Decode(data)).Field);
    }
}
