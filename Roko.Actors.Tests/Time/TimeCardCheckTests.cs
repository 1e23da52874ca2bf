using Roko.Actors.Time;
using Xunit;

namespace Roko.Actors.Tests.Time;

public sealed class TimeCardCheckTests
{
    private const int After = 3;

    [Fact]
    public void Check_should_name_the_card_a_falseticker_after_three_disjoint_rounds_in_a_row()
    {
        var check = TimeCardCheck.Trusted.Next(true, After, After).Next(true, After, After);
        Assert.False(check.Falseticker);

        check = check.Next(true, After, After);

        Assert.True(check.Falseticker);
        Assert.Equal(3, check.DisjointRounds);
    }

    [Fact]
    public void Check_should_start_counting_again_when_an_agreeing_round_interrupts()
    {
        var check = TimeCardCheck.Trusted.Next(true, After, After).Next(true, After, After).Next(false, After, After).Next(true, After, After);

        Assert.False(check.Falseticker);
        Assert.Equal(1, check.DisjointRounds);
    }

    [Fact]
    public void Check_should_trust_a_falseticker_again_only_after_three_agreeing_rounds_in_a_row()
    {
        var named = new TimeCardCheck(3, 0, true);

        var twice = named.Next(false, After, After).Next(false, After, After);
        Assert.True(twice.Falseticker);
        Assert.False(twice.Next(false, After, After).Falseticker);
    }

    [Fact]
    public void Check_should_not_change_when_the_round_had_no_agreed_interval()
    {
        var check = new TimeCardCheck(2, 0, false);

        Assert.Same(check, check.Next(null, After, After));
    }

    [Theory]
    [InlineData(-30, -10, 0, 100, true)]
    [InlineData(110, 130, 0, 100, true)]
    [InlineData(-10, 0, 0, 100, false)]
    [InlineData(50, 60, 0, 100, false)]
    [InlineData(-10, 200, 0, 100, false)]
    public void IsDisjoint_should_hold_only_when_the_intervals_share_no_point(long ownLow, long ownHigh, long agreedLow, long agreedHigh, bool disjoint) =>
        Assert.Equal(disjoint, TimeCardCheck.IsDisjoint(ownLow, ownHigh, agreedLow, agreedHigh));
}
