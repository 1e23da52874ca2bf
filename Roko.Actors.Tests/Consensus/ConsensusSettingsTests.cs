using Roko.Actors.Consensus;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Network;
using Roko.Actors.Nodes;
using Xunit;

namespace Roko.Actors.Tests.Consensus;

public sealed class ConsensusSettingsTests
{
    [Fact]
    public void Create_should_read_the_documented_defaults_when_nothing_is_overridden()
    {
        var settings = ConsensusSettings.Create(RokoConfig.Defaults);

        Assert.Equal(TimeSpan.FromSeconds(1), settings.TimeoutPropose);
        Assert.Equal(TimeSpan.FromMilliseconds(250), settings.TimeoutProposeDelta);
        Assert.Equal(TimeSpan.FromMilliseconds(500), settings.TimeoutPrevote);
        Assert.Equal(TimeSpan.FromMilliseconds(250), settings.TimeoutPrevoteDelta);
        Assert.Equal(TimeSpan.FromMilliseconds(500), settings.TimeoutPrecommit);
        Assert.Equal(TimeSpan.FromMilliseconds(250), settings.TimeoutPrecommitDelta);
        Assert.Equal(TimeSpan.FromMilliseconds(100), settings.Precision);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.MessageDelay);
        Assert.Equal(TimeSpan.FromMilliseconds(300), settings.InclusionDelay);
        Assert.Equal(1.1, settings.MessageDelayGrowth);
        Assert.Equal(2000, settings.ProposalMaxTransactions);
    }

    [Fact]
    public void Message_delay_should_grow_by_its_factor_with_each_round_and_saturate_at_an_hour()
    {
        var settings = ConsensusFixture.Settings with { MessageDelayGrowth = 1.1 };

        Assert.Equal(TimeSpan.FromSeconds(1), settings.MessageDelayIn(0));
        Assert.Equal(TimeSpan.FromMilliseconds(1100), settings.MessageDelayIn(1));
        Assert.Equal(1464.1, settings.MessageDelayIn(4).TotalMilliseconds, 3);
        Assert.Equal(TimeSpan.FromHours(1), settings.MessageDelayIn(1_000));
        Assert.Equal(TimeSpan.FromSeconds(1), (settings with { MessageDelayGrowth = 1.0 }).MessageDelayIn(50));
    }

    [Theory]
    [InlineData("roko.consensus.timeout-propose = 0ms", "roko.consensus.timeout-propose")]
    [InlineData("roko.consensus.timeout-prevote-delta = banana", "roko.consensus.timeout-prevote-delta")]
    [InlineData("roko.consensus.precision = -1ms", "roko.consensus.precision")]
    [InlineData("roko.consensus.message-delay-growth = 0.9", "roko.consensus.message-delay-growth")]
    [InlineData("roko.consensus.message-delay-growth = 11", "roko.consensus.message-delay-growth")]
    public void Create_should_name_the_key_when_a_value_is_bad(string hocon, string key)
    {
        var error = Assert.Throws<InvalidSettingException>(() => ConsensusSettings.Create(RokoConfig.Load(null, hocon)));

        Assert.Equal(key, error.Key);
    }

    [Fact]
    public void Timeouts_should_grow_by_their_delta_with_each_round()
    {
        var settings = ConsensusFixture.Settings;

        Assert.Equal(TimeSpan.FromMilliseconds(1000), settings.ProposeTimeout(0));
        Assert.Equal(TimeSpan.FromMilliseconds(1250), settings.ProposeTimeout(1));
        Assert.Equal(TimeSpan.FromMilliseconds(3500), settings.ProposeTimeout(10));
        Assert.Equal(TimeSpan.FromMilliseconds(1000), settings.PrevoteTimeout(2));
        Assert.Equal(TimeSpan.FromMilliseconds(1250), settings.PrecommitTimeout(3));
    }

    [Fact]
    public void Timeouts_should_saturate_when_rounds_grow_without_bound()
    {
        var settings = ConsensusFixture.Settings with { TimeoutProposeDelta = TimeSpan.MaxValue / 2 };

        Assert.Equal(TimeSpan.MaxValue, settings.ProposeTimeout(3));
    }

    [Fact]
    public void Machine_should_schedule_longer_timeouts_when_rounds_go_by()
    {
        var fixture = new ConsensusFixture();
        var machine = fixture.Machine(null);
        var durations = new List<TimeSpan>();

        for (uint round = 0; round < 4; round++)
            durations.AddRange(machine.Handle(new ConsensusInput.TimeoutFired(1, round, ConsensusStep.Precommit), ConsensusFixture.Now)
                .OfType<ConsensusEffect.ScheduleTimeout>().Where(t => t.Step == ConsensusStep.Propose).Select(t => t.Duration));

        Assert.Equal([1250, 1500, 1750, 2000], durations.Select(d => (int)d.TotalMilliseconds));
    }
}
