using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Network;
using Roko.Actors.Nodes;
using Xunit;

namespace Roko.Actors.Tests.Network;

public sealed class WanProfileTests
{
    private static readonly WanSettings Defaults = WanSettings.Create(RokoConfig.Defaults);
    private static readonly WanSettings On = Defaults with { Enabled = true, Jitter = TimeSpan.Zero };

    [Fact]
    public void Settings_should_read_the_documented_defaults()
    {
        Assert.False(Defaults.Enabled);
        Assert.Equal(TimeSpan.FromMilliseconds(5), Defaults.IntraRegion);
        Assert.Equal(TimeSpan.FromMilliseconds(40), Defaults.NorthAmericaEurope);
        Assert.Equal(TimeSpan.FromMilliseconds(75), Defaults.NorthAmericaAsiaPacific);
        Assert.Equal(TimeSpan.FromMilliseconds(75), Defaults.EuropeAsiaPacific);
        Assert.Equal(TimeSpan.FromMilliseconds(1), Defaults.Jitter);
        Assert.Equal(0.0, Defaults.Loss);
    }

    [Theory]
    [InlineData(Region.NorthAmerica, Region.NorthAmerica, 5)]
    [InlineData(Region.AsiaPacific, Region.AsiaPacific, 5)]
    [InlineData(Region.NorthAmerica, Region.Europe, 40)]
    [InlineData(Region.Europe, Region.NorthAmerica, 40)]
    [InlineData(Region.NorthAmerica, Region.AsiaPacific, 75)]
    [InlineData(Region.AsiaPacific, Region.NorthAmerica, 75)]
    [InlineData(Region.Europe, Region.AsiaPacific, 75)]
    [InlineData(Region.AsiaPacific, Region.Europe, 75)]
    public void Profile_should_delay_by_the_region_pair_latency_when_there_is_no_jitter(Region from, Region to, int ms)
    {
        var decision = new WanProfile(On).Decide(from, to, new Random(1));

        Assert.False(decision.Dropped);
        Assert.Equal(TimeSpan.FromMilliseconds(ms), decision.Delay);
    }

    [Fact]
    public void Profile_should_send_at_once_when_emulation_is_off()
    {
        var decision = new WanProfile(Defaults with { Loss = 1.0 }).Decide(Region.NorthAmerica, Region.AsiaPacific, new Random(1));

        Assert.Equal(WanDecision.After(TimeSpan.Zero), decision);
    }

    [Fact]
    public void Profile_should_keep_every_delay_within_the_jitter_and_vary_it_when_jitter_is_set()
    {
        var profile = new WanProfile(On with { Jitter = TimeSpan.FromMilliseconds(10) });
        var random = new Random(42);

        var delays = Enumerable.Range(0, 1000).Select(_ => profile.Decide(Region.NorthAmerica, Region.Europe, random).Delay).ToList();

        Assert.All(delays, d => Assert.InRange(d.TotalMilliseconds, 30, 50));
        Assert.True(delays.Distinct().Count() > 100);
        Assert.InRange(delays.Average(d => d.TotalMilliseconds), 39, 41);
    }

    [Fact]
    public void Profile_should_never_delay_below_zero_when_jitter_exceeds_the_latency()
    {
        var profile = new WanProfile(On with { Jitter = TimeSpan.FromMilliseconds(50) });
        var random = new Random(7);

        Assert.All(Enumerable.Range(0, 500), _ =>
            Assert.True(profile.Decide(Region.Europe, Region.Europe, random).Delay >= TimeSpan.Zero));
    }

    [Fact]
    public void Profile_should_lose_about_the_configured_fraction_when_loss_is_set()
    {
        var profile = new WanProfile(On with { Loss = 0.1 });
        var random = new Random(3);

        int lost = Enumerable.Range(0, 10_000).Count(_ => profile.Decide(Region.Europe, Region.NorthAmerica, random).Dropped);

        Assert.InRange(lost, 850, 1150);
    }

    [Fact]
    public void Profile_should_make_the_same_decisions_when_given_the_same_seed()
    {
        var profile = new WanProfile(On with { Jitter = TimeSpan.FromMilliseconds(3), Loss = 0.2 });
        var a = new Random(99);
        var b = new Random(99);

        Assert.All(Enumerable.Range(0, 200), _ =>
            Assert.Equal(profile.Decide(Region.NorthAmerica, Region.AsiaPacific, a), profile.Decide(Region.NorthAmerica, Region.AsiaPacific, b)));
    }

    [Fact]
    public void Settings_should_refuse_a_loss_above_one() =>
        Assert.Throws<InvalidSettingException>(() => WanSettings.Create(RokoConfig.Load(null, "roko.network.wan.loss = 1.5")));
}
