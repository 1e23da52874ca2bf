using Roko.Actors.Mempool;
using Xunit;

namespace Roko.Actors.Tests.Mempool;

public sealed class LateArrivalsTests
{
    private const long Ms = 1_000_000;
    private static LateArrivals Tracker() => new(windowNanos: 30_000 * Ms, marginNanos: 50 * Ms, maxAllowanceNanos: 2_000 * Ms);

    [Fact]
    public void Nothing_late_should_leave_slices_where_inclusion_delay_puts_them()
    {
        var late = Tracker();
        late.Observe(0, 0);
        late.Observe(0, -5 * Ms);
        Assert.Equal(0, late.AllowanceNanos(1_000 * Ms));
    }

    [Fact]
    public void The_allowance_should_be_the_latest_lateness_in_the_window_plus_the_margin()
    {
        var late = Tracker();
        late.Observe(0, 300 * Ms);
        late.Observe(1_000 * Ms, 120 * Ms);
        Assert.Equal(350 * Ms, late.AllowanceNanos(2_000 * Ms));
        // The 300 ms leaves the window at 30 s; the 120 ms observed a second later is still in it.
        Assert.Equal(350 * Ms, late.AllowanceNanos(30_000 * Ms));
        Assert.Equal(170 * Ms, late.AllowanceNanos(30_001 * Ms));
        Assert.Equal(0, late.AllowanceNanos(31_001 * Ms));
    }

    [Fact]
    public void A_larger_lateness_should_outrank_every_earlier_smaller_one()
    {
        var late = Tracker();
        late.Observe(0, 100 * Ms);
        late.Observe(10 * Ms, 200 * Ms);
        late.Observe(20 * Ms, 150 * Ms);
        Assert.Equal(200 * Ms, late.LatestNanos(20 * Ms));
        Assert.Equal(200 * Ms, late.LatestNanos(30_010 * Ms));
        Assert.Equal(150 * Ms, late.LatestNanos(30_011 * Ms));
    }

    [Fact]
    public void The_allowance_should_never_pass_the_cap()
    {
        var late = Tracker();
        late.Observe(0, 60_000 * Ms); // a peer forwarding a transaction signed a minute before the sealed cutoff
        Assert.Equal(2_000 * Ms, late.AllowanceNanos(0));
    }

    [Fact]
    public void A_zero_cap_should_turn_the_pull_back_off()
    {
        var late = new LateArrivals(windowNanos: 30_000 * Ms, marginNanos: 50 * Ms, maxAllowanceNanos: 0);
        late.Observe(0, 500 * Ms);
        Assert.Equal(0, late.AllowanceNanos(0));
    }
}
