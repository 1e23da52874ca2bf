using Roko.Actors.Nodes;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Network;
using Xunit;

namespace Roko.Actors.Tests.Network;

public sealed class DdosGuardTests
{
    private const string Peer = "akka.tcp://roko@10.0.0.1:4053";
    private static readonly NanoMoment T0 = NanoMoment.FromUnixSeconds(1_800_000_000);
    // The mechanism is tested at a small, fixed rate (the production default is sized for gossip load).
    private static readonly DdosGuardSettings Defaults =
        DdosGuardSettings.Create(Roko.Actors.Nodes.RokoConfig.Load(null, "roko.network.ddos { rate-per-second = 200, burst = 400 }"));

    private static NanoMoment At(TimeSpan offset) => T0.Add(offset);

    private static int AdmitMany(DdosGuard guard, int count, NanoMoment now, string address = Peer) =>
        Enumerable.Range(0, count).Count(_ => guard.Admit(address, now).IsAllowed);

    [Fact]
    public void Guard_should_allow_the_whole_burst_when_an_address_is_new()
    {
        using var guard = new DdosGuard(Defaults);

        Assert.Equal(Defaults.Burst, AdmitMany(guard, Defaults.Burst, T0));
        Assert.IsType<GuardVerdict.RateLimited>(guard.Admit(Peer, T0));
        Assert.Equal(Defaults.Burst, guard.Counters.Allowed);
        Assert.Equal(1, guard.Counters.RateLimited);
    }

    [Fact]
    public void Guard_should_limit_sustained_excess_to_the_configured_rate_when_the_burst_is_spent()
    {
        using var guard = new DdosGuard(Defaults with { BlacklistThreshold = 1e9 });
        AdmitMany(guard, Defaults.Burst, T0);

        // one attempt per millisecond for 20 refill periods (50 ms each)
        int allowed = 0;
        for (int ms = 1; ms < 1050; ms++)
            allowed += AdmitMany(guard, 1, At(TimeSpan.FromMilliseconds(ms)));

        Assert.Equal(Defaults.RatePerSecond, allowed);
    }

    [Fact]
    public void Guard_should_replenish_tokens_when_time_passes_and_cap_them_at_the_burst()
    {
        using var guard = new DdosGuard(Defaults);
        AdmitMany(guard, Defaults.Burst, T0);

        Assert.Equal(0, AdmitMany(guard, 1, At(TimeSpan.FromMilliseconds(49))));
        var afterOnePeriod = At(Defaults.ReplenishPeriod);
        Assert.Equal(Defaults.TokensPerPeriod, AdmitMany(guard, Defaults.TokensPerPeriod + 1, afterOnePeriod));

        var muchLater = At(TimeSpan.FromMinutes(10));
        Assert.Equal(Defaults.Burst, AdmitMany(guard, Defaults.Burst + 5, muchLater));
    }

    [Fact]
    public void Guard_should_raise_the_score_per_violation_and_halve_it_every_half_life()
    {
        using var guard = new DdosGuard(Defaults);
        AdmitMany(guard, Defaults.Burst + 10, T0);
        guard.ReportInvalid(Peer, T0);

        double expected = 10 * Defaults.RateViolationWeight + Defaults.InvalidMessageWeight;
        Assert.Equal(expected, guard.ScoreOf(Peer, T0), 9);
        Assert.Equal(expected / 2, guard.ScoreOf(Peer, At(Defaults.ScoreHalfLife)), 9);
        Assert.Equal(expected / 8, guard.ScoreOf(Peer, At(Defaults.ScoreHalfLife * 3)), 9);
    }

    [Fact]
    public void Guard_should_not_blacklist_when_violations_are_spread_out_enough_to_decay()
    {
        using var guard = new DdosGuard(Defaults);
        for (int minute = 0; minute < 60; minute++)
            AdmitMany(guard, Defaults.Burst + 20, At(TimeSpan.FromMinutes(minute)));

        Assert.False(guard.IsBlacklisted(Peer, At(TimeSpan.FromMinutes(60))));
        Assert.Equal(0, guard.Counters.Blacklistings);
    }

    [Fact]
    public void Guard_should_blacklist_when_invalid_messages_cross_the_threshold()
    {
        using var guard = new DdosGuard(Defaults);
        int toCross = (int)Math.Ceiling(Defaults.BlacklistThreshold / Defaults.InvalidMessageWeight);

        for (int i = 1; i < toCross; i++) Assert.True(guard.ReportInvalid(Peer, T0).IsAllowed);
        var verdict = guard.ReportInvalid(Peer, T0);

        var expected = new GuardVerdict.Blacklisted(At(Defaults.BlacklistBase), JustNow: true);
        Assert.Equal(expected, verdict);
        Assert.Equal(expected with { JustNow = false }, guard.Admit(Peer, At(TimeSpan.FromMinutes(1))));
        Assert.Equal(1, guard.Counters.Blacklistings);
        Assert.Equal(1, guard.Counters.RefusedWhileBlacklisted);
    }

    [Fact]
    public void Guard_should_blacklist_a_flooding_address_but_keep_admitting_an_honest_one()
    {
        using var guard = new DdosGuard(Defaults);
        const string honest = "akka.tcp://roko@10.0.0.2:4053";
        int honestAllowed = 0;
        GuardVerdict last = GuardVerdict.Allowed.Instance;
        for (int ms = 0; ms < 2000; ms++)
        {
            var now = At(TimeSpan.FromMilliseconds(ms));
            for (int i = 0; i < 2; i++) last = guard.Admit(Peer, now);
            if (ms % 10 == 0) honestAllowed += AdmitMany(guard, 1, now, honest);
        }

        Assert.IsType<GuardVerdict.Blacklisted>(last);
        Assert.Equal(200, honestAllowed);
    }

    [Fact]
    public void Guard_should_restore_access_with_a_clean_score_when_the_blacklisting_expires()
    {
        using var guard = new DdosGuard(Defaults with { InvalidMessageWeight = Defaults.BlacklistThreshold });
        var blacklisted = Assert.IsType<GuardVerdict.Blacklisted>(guard.ReportInvalid(Peer, T0));

        Assert.True(guard.IsBlacklisted(Peer, blacklisted.Until.AddNanoseconds(-1)));
        Assert.True(guard.Admit(Peer, blacklisted.Until).IsAllowed);
        Assert.False(guard.IsBlacklisted(Peer, blacklisted.Until));
        Assert.Equal(0, guard.ScoreOf(Peer, blacklisted.Until));
    }

    [Fact]
    public void Guard_should_tell_when_a_blacklisting_ends_while_it_lasts()
    {
        using var guard = new DdosGuard(Defaults with { InvalidMessageWeight = Defaults.BlacklistThreshold });
        Assert.Null(guard.BlacklistedUntil(Peer, T0));
        var blacklisted = Assert.IsType<GuardVerdict.Blacklisted>(guard.ReportInvalid(Peer, T0));

        Assert.Equal(blacklisted.Until, guard.BlacklistedUntil(Peer, blacklisted.Until.AddNanoseconds(-1)));
        Assert.Null(guard.BlacklistedUntil(Peer, blacklisted.Until));
        Assert.Null(guard.BlacklistedUntil("akka.tcp://roko@10.0.0.2:4053", T0));
    }

    [Fact]
    public void Guard_should_blacklist_repeat_offenders_longer_each_time_up_to_the_cap()
    {
        var settings = Defaults with
        {
            InvalidMessageWeight = Defaults.BlacklistThreshold,
            BlacklistMax = TimeSpan.FromMinutes(15),
        };
        using var guard = new DdosGuard(settings);
        var durations = new List<TimeSpan>();
        var now = T0;
        for (int offence = 0; offence < 4; offence++)
        {
            var verdict = Assert.IsType<GuardVerdict.Blacklisted>(guard.ReportInvalid(Peer, now));
            durations.Add(Nanoseconds.ToTimeSpan(verdict.Until - now));
            now = verdict.Until;
            Assert.True(guard.Admit(Peer, now).IsAllowed);
        }

        Assert.Equal(
            [TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15)],
            durations);
        Assert.Equal(4, guard.Counters.Blacklistings);
    }

    [Fact]
    public void Guard_should_evict_the_least_recently_active_address_when_the_tracked_bound_is_reached()
    {
        using var guard = new DdosGuard(Defaults with { MaxTrackedAddresses = 3 });
        guard.Admit("a", T0);
        guard.Admit("b", T0);
        guard.Admit("c", T0);
        guard.Admit("a", At(TimeSpan.FromSeconds(1)));

        guard.Admit("d", At(TimeSpan.FromSeconds(2)));

        Assert.Equal(3, guard.TrackedCount);
        Assert.Equal(["c", "a", "d"], guard.Report(At(TimeSpan.FromSeconds(2))).Select(r => r.Address));
        Assert.Equal(1, guard.Counters.Evictions);
        Assert.Equal(3, guard.Counters.LiveLimiters);
    }

    [Fact]
    public void Guard_should_keep_a_blacklisted_address_when_evicting_for_the_tracked_bound()
    {
        using var guard = new DdosGuard(Defaults with
        {
            MaxTrackedAddresses = 2,
            InvalidMessageWeight = Defaults.BlacklistThreshold,
        });
        guard.ReportInvalid("offender", T0);
        guard.Admit("honest", T0);

        guard.Admit("newcomer", At(TimeSpan.FromSeconds(1)));

        Assert.True(guard.IsBlacklisted("offender", At(TimeSpan.FromSeconds(1))));
        Assert.Equal(0, guard.ScoreOf("honest", T0));
        Assert.Equal(["offender", "newcomer"], guard.Report(At(TimeSpan.FromSeconds(1))).Select(r => r.Address));
    }

    [Fact]
    public void Guard_should_dispose_limiters_when_addresses_are_forgotten()
    {
        var guard = new DdosGuard(Defaults);
        guard.Admit("a", T0);
        guard.Admit("b", T0);
        guard.Admit("c", At(TimeSpan.FromHours(2)));

        Assert.True(guard.Forget("a"));
        Assert.Equal(2, guard.Counters.LiveLimiters);
        Assert.Equal(1, guard.ForgetIdle(At(TimeSpan.FromHours(2))));
        Assert.Equal(1, guard.TrackedCount);

        guard.Dispose();
        Assert.Equal(0, guard.Counters.LiveLimiters);
        Assert.Equal(3, guard.Counters.LimitersDisposed);
    }

    [Fact]
    public void Guard_should_not_forget_a_blacklisted_address_when_it_is_idle()
    {
        using var guard = new DdosGuard(Defaults with { InvalidMessageWeight = Defaults.BlacklistThreshold });
        guard.ReportInvalid(Peer, T0);

        Assert.Equal(0, guard.ForgetIdle(At(TimeSpan.FromMinutes(4))));
        Assert.Equal(0, guard.ForgetIdle(At(TimeSpan.FromMinutes(30))));
        Assert.Equal(1, guard.ForgetIdle(At(Defaults.BlacklistBase + Defaults.ForgetIdleAfter)));
    }

    [Fact]
    public void Guard_should_meter_each_way_in_with_its_own_bucket_when_one_source_uses_several()
    {
        using var guard = new DdosGuard(Defaults);
        int syncBurst = Defaults.LimitFor(GuardPath.BlockSync).Burst;

        Assert.Equal(syncBurst, Enumerable.Range(0, syncBurst + 5).Count(_ => guard.Admit(Peer, GuardPath.BlockSync, T0).IsAllowed));
        var refused = Assert.IsType<GuardVerdict.RateLimited>(guard.Admit(Peer, GuardPath.BlockSync, T0));
        Assert.InRange(refused.RetryAfter, TimeSpan.FromTicks(1), Defaults.ReplenishPeriod);
        Assert.True(guard.Admit(Peer, GuardPath.PeerSession, T0).IsAllowed);
        Assert.Equal(2, guard.Counters.LiveLimiters);
    }

    [Fact]
    public void Guard_should_refuse_a_source_on_every_way_in_when_one_of_them_blacklisted_it()
    {
        using var guard = new DdosGuard(Defaults with { BlacklistThreshold = 10 });
        for (int i = 0; i < 1000 && !guard.IsBlacklisted(Peer, T0); i++) guard.Admit(Peer, GuardPath.TimeProbe, T0);

        Assert.True(guard.IsBlacklisted(Peer, T0));
        foreach (var path in GuardPathNames.All)
            Assert.IsType<GuardVerdict.Blacklisted>(guard.Admit(Peer, path, At(TimeSpan.FromSeconds(1))));
        Assert.True(guard.Admit("akka.tcp://roko@10.0.0.2:4053", GuardPath.TimeProbe, T0).IsAllowed);
    }
}
