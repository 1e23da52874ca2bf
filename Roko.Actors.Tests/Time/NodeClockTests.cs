using Akka.Configuration;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Nodes;
using Roko.Actors.Tests.Hardware;
using Roko.Actors.Time;
using Xunit;

namespace Roko.Actors.Tests.Time;

public class NodeClockTests
{
    private static readonly NanoMoment Start = NanoMoment.FromUnixSeconds(1_800_000_000, 0);

    private static NodeClock Create(string hocon, VirtualClock truth)
    {
        var settings = ClockSourceSettings.Create(ConfigurationFactory.ParseString(hocon).WithFallback(RokoConfig.Defaults));
        return new NodeClock(new DisciplinedClock(settings.CreateSource(truth.AsFunc()), settings), settings);
    }

    [Fact]
    public void Node_clock_should_be_unbounded_but_keep_its_estimate_when_the_source_is_unsynchronized_and_nothing_is_assumed()
    {
        var truth = new VirtualClock(Start);
        var clock = Create("roko.clock { source = simulated, simulated { offset = 5ms, status = unsynchronized } }", truth);

        Assert.Equal(NanoInterval.Unbounded, clock.Now());
        Assert.Equal(Start.AddNanoseconds(5_000_000), clock.Estimate());
        var status = clock.Status();
        Assert.False(status.IsBounded);
        Assert.False(status.Assumed);
        Assert.Equal(ClockStatus.Unsynchronized, status.Status);
    }

    [Fact]
    public void Node_clock_should_assume_the_configured_uncertainty_while_unbounded_and_say_so()
    {
        var truth = new VirtualClock(Start);
        var clock = Create("roko.clock { source = simulated, assumed-uncertainty = 10ms, simulated { status = unsynchronized } }", truth);

        Assert.Equal(NanoInterval.Around(Start, 10_000_000), clock.Now());
        Assert.True(clock.Status().Assumed);
        // Probe answers stay honest: peers never take an assumption for a source.
        Assert.False(clock.Read().Interval.IsBounded);
    }

    [Fact]
    public void Node_clock_should_report_a_simulated_time_card_as_a_synchronized_time_card()
    {
        var truth = new VirtualClock(Start);
        var clock = Create("roko.clock { source = simulated, simulated { time-card = on, claimed-error = 1us } }", truth);

        var status = clock.Status();
        Assert.True(status.TimeCard);
        Assert.True(status.IsSynchronizedTimeCard, status.ToString());
        Assert.True(clock.Now().Contains(Start));
    }

    [Fact]
    public void Node_clock_should_not_count_a_system_clock_as_a_time_card()
    {
        var settings = ClockSourceSettings.Create(ConfigurationFactory.ParseString("roko.clock.source = system").WithFallback(RokoConfig.Defaults));
        var clock = new NodeClock(new DisciplinedClock(SystemClockSource.Instance, settings), settings);
        Assert.False(clock.Status().TimeCard);
    }

    [Fact]
    public void Time_card_gate_should_refuse_a_validator_without_a_synchronized_time_card_only_when_required()
    {
        var card = new NodeClockStatus("phc", true, ClockStatus.Synchronized, 1_000, false, 3);
        var system = new NodeClockStatus("system", false, ClockStatus.Synchronized, 10_000_000, false, 0);
        var assumed = new NodeClockStatus("system", false, ClockStatus.Unsynchronized, long.MaxValue, true, 0);
        var unbounded = assumed with { Assumed = false };
        var cardLost = card with { Status = ClockStatus.Unsynchronized, HalfWidthNanos = long.MaxValue };

        Assert.Null(TimeCardGate.Refusal(true, card));
        Assert.Contains("require-time-card", TimeCardGate.Refusal(true, system));
        Assert.Contains("require-time-card", TimeCardGate.Refusal(true, cardLost));
        Assert.Null(TimeCardGate.Refusal(false, system));
        Assert.Null(TimeCardGate.Refusal(false, assumed));
        Assert.Contains("unbounded", TimeCardGate.Refusal(false, unbounded));
    }

    [Fact]
    public void Time_card_gate_should_refuse_a_card_its_peers_name_a_falseticker_synchronized_or_holding_over()
    {
        var card = new NodeClockStatus("time-card", true, ClockStatus.Synchronized, 1_000, false, 0);
        var holdover = card with { Status = ClockStatus.Holdover, HalfWidthNanos = 50_000 };

        foreach (var falseticker in new[] { card with { CardFalseticker = true }, holdover with { CardFalseticker = true } })
        {
            Assert.False(falseticker.IsTimeCardInService, falseticker.ToString());
            Assert.Contains("FALSETICKER", TimeCardGate.Refusal(true, falseticker));
            Assert.Null(TimeCardGate.Refusal(false, falseticker));
        }
        Assert.Null(TimeCardGate.Refusal(true, holdover));
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("roko.validator.require-time-card = on", true)]
    [InlineData("roko.validator.require-time-card = off", false)]
    public void Validator_settings_should_read_require_time_card(string hocon, bool expected) =>
        Assert.Equal(expected, ValidatorSettings.Create(ConfigurationFactory.ParseString(hocon).WithFallback(RokoConfig.Defaults)).RequireTimeCard);

    [Fact]
    public void Validator_settings_should_name_the_key_of_a_bad_value()
    {
        var e = Assert.Throws<InvalidSettingException>(() =>
            ValidatorSettings.Create(ConfigurationFactory.ParseString("roko.validator.require-time-card = sometimes").WithFallback(RokoConfig.Defaults)));
        Assert.Contains("roko.validator.require-time-card", e.Message);
    }

    [Fact]
    public void Validator_role_file_should_require_a_time_card_and_the_devnet_should_not()
    {
        Assert.True(ValidatorSettings.Create(RokoConfig.Embedded("validator.conf").WithFallback(RokoConfig.Defaults)).RequireTimeCard);
        Assert.False(ValidatorSettings.Create(RokoConfig.Embedded("archive.conf").WithFallback(RokoConfig.Defaults)).RequireTimeCard);
        Assert.False(ValidatorSettings.Create(RokoConfig.Embedded("devnet.conf").WithFallback(RokoConfig.Embedded("validator.conf")).WithFallback(RokoConfig.Defaults))
            .RequireTimeCard);
    }

    [Theory]
    [InlineData("", ClockSourceChoice.TimeCard, true)] // roko.conf's role: validator.conf outranks roko.conf's system/off
    [InlineData("roko.node.role = archive", ClockSourceChoice.System, false)] // archive.conf sets neither: roko.conf's
    [InlineData("roko.clock.source = system\nroko.validator.require-time-card = off", ClockSourceChoice.System, false)] // the operator outranks the role file
    [InlineData("roko.clock.source = ptp4l", ClockSourceChoice.Ptp4l, true)]
    public void A_node_should_take_its_own_settings_over_its_role_file_over_roko_conf(string own, ClockSourceChoice source, bool requireTimeCard)
    {
        var config = RokoNode.Compose(ConfigurationFactory.ParseString(own));
        Assert.Equal(source, ClockSourceSettings.Create(config).Source);
        Assert.Equal(requireTimeCard, ValidatorSettings.Create(config).RequireTimeCard);
    }

    [Fact]
    public void A_devnet_node_should_take_devnet_conf_over_the_validator_role_file()
    {
        var config = RokoNode.Compose(Roko.Actors.Devnet.DevnetConfig.Own());
        Assert.Equal(ClockSourceChoice.System, ClockSourceSettings.Create(config).Source);
        Assert.False(ValidatorSettings.Create(config).RequireTimeCard);
    }

    [Fact]
    public void Clock_settings_should_read_assumed_uncertainty_and_time_card()
    {
        var s = ClockSourceSettings.Create(ConfigurationFactory.ParseString(
            "roko.clock { assumed-uncertainty = 10ms, simulated.time-card = on }").WithFallback(RokoConfig.Defaults));
        Assert.Equal(10_000_000, s.AssumedUncertaintyNanos);
        Assert.True(s.Simulated.TimeCard);
        var defaults = ClockSourceSettings.Create(RokoConfig.Defaults);
        Assert.Null(defaults.AssumedUncertaintyNanos);
        Assert.False(defaults.Simulated.TimeCard);
        var e = Assert.Throws<InvalidSettingException>(() =>
            ClockSourceSettings.Create(ConfigurationFactory.ParseString("roko.clock.assumed-uncertainty = 0ns").WithFallback(RokoConfig.Defaults)));
        Assert.Contains("roko.clock.assumed-uncertainty", e.Message);
    }
}
