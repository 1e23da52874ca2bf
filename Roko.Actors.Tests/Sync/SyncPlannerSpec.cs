using Roko.Actors.Hardware.Time;
using Roko.Actors.Network;
using Roko.Actors.Sync;
using Xunit;

namespace Roko.Actors.Tests.Sync;

public sealed class SyncPlannerSpec
{
    private static readonly PeerId A = new("a"), B = new("b"), C = new("c");
    private static readonly NanoMoment T0 = NanoMoment.FromUnixSeconds(1_000);
    private static NanoMoment At(double seconds) => T0.Add(TimeSpan.FromSeconds(seconds));

    private static SyncPlanner Planner(params PeerId[] peers)
    {
        var planner = new SyncPlanner(maxRange: 10, requestTimeout: TimeSpan.FromSeconds(5), pollInterval: TimeSpan.FromSeconds(1),
            peerCooldown: TimeSpan.FromSeconds(30));
        foreach (var p in peers) planner.AddPeer(p);
        return planner;
    }

    [Fact]
    public void Planner_should_ask_for_the_range_after_its_tip_with_one_request_in_flight()
    {
        var planner = Planner(A, B);
        planner.SetTip(41);
        var request = planner.Next(T0)!;
        Assert.Equal((A, 42UL, 10), (request.Peer, request.From, request.Count));
        Assert.Equal(At(5), request.Deadline);
        Assert.Null(planner.Next(T0));
        Assert.True(planner.IsCurrent(request.Id, A));
        Assert.False(planner.IsCurrent(request.Id, B));
    }

    [Fact]
    public void Planner_should_ask_on_at_once_after_applying_and_rotate_peers()
    {
        var planner = Planner(A, B);
        var first = planner.Next(T0)!;
        planner.OnApplied(10);
        Assert.True(planner.Syncing);
        var second = planner.Next(T0)!;
        Assert.Equal((B, 11UL), (second.Peer, second.From));
        Assert.NotEqual(first.Id, second.Id);
    }

    [Fact]
    public void Planner_should_ask_no_one_until_it_knows_min_peers_peers_and_again_when_it_falls_below()
    {
        var planner = new SyncPlanner(maxRange: 10, requestTimeout: TimeSpan.FromSeconds(5), pollInterval: TimeSpan.FromSeconds(1),
            peerCooldown: TimeSpan.FromSeconds(30), minPeers: 3);
        planner.SetPeers([A, B]);
        Assert.True(planner.WaitingForPeers);
        Assert.Null(planner.Next(T0));

        planner.SetPeers([A, B, C]);
        Assert.False(planner.WaitingForPeers);
        var request = planner.Next(T0)!;
        planner.OnApplied(10);

        planner.SetPeers([A, C]);
        Assert.True(planner.WaitingForPeers);
        Assert.Null(planner.Next(T0));
        Assert.Equal(A, request.Peer);
    }

    [Fact]
    public void Planner_should_retry_the_same_range_with_another_peer_after_a_bad_answer()
    {
        var planner = Planner(A, B);
        planner.SetTip(5);
        var first = planner.Next(T0)!;
        planner.OnRefused(first.Peer, T0);
        var retry = planner.Next(T0)!;
        Assert.Equal((B, 6UL), (retry.Peer, retry.From));
        planner.OnRefused(retry.Peer, T0);
        Assert.Null(planner.Next(At(29))); // both cooling down
        Assert.Equal(A, planner.Next(At(30))!.Peer);
    }

    [Fact]
    public void Planner_should_treat_a_timeout_as_a_missing_answer_and_ignore_stale_timeouts()
    {
        var planner = Planner(A, B);
        var first = planner.Next(T0)!;
        Assert.False(planner.Overdue(At(4.9)));
        Assert.True(planner.Overdue(At(5)));
        Assert.False(planner.OnTimeout(first.Id + 99, At(5)));
        Assert.True(planner.OnTimeout(first.Id, At(5)));
        Assert.Equal(B, planner.Next(At(5))!.Peer);
        Assert.False(planner.OnTimeout(first.Id, At(6)));
    }

    [Fact]
    public void Planner_should_poll_again_only_after_the_interval_when_a_peer_has_nothing_new()
    {
        var planner = Planner(A);
        planner.Next(T0);
        planner.OnApplied(3);
        planner.Next(T0);
        planner.OnNothingNew(T0);
        Assert.False(planner.Syncing);
        Assert.Null(planner.Next(At(0.5)));
        Assert.Equal(4UL, planner.Next(At(1))!.From);
    }

    [Fact]
    public void Planner_should_never_move_its_tip_back_and_resume_from_the_highest_tip()
    {
        var planner = Planner(A);
        planner.SetTip(30);
        planner.SetTip(12);
        Assert.Equal(31UL, planner.Next(T0)!.From);
        planner.OnSuperseded(35);
        Assert.Equal(36UL, planner.Next(T0)!.From);
    }

    [Fact]
    public void Planner_should_ask_nobody_without_peers_and_forget_departed_ones()
    {
        var planner = Planner();
        Assert.Null(planner.Next(T0));
        planner.SetPeers([A, B]);
        var request = planner.Next(T0)!;
        planner.SetPeers([B, C]);
        Assert.Null(planner.InFlight); // its peer left
        Assert.DoesNotContain(A, planner.Peers);
        Assert.NotNull(planner.Next(T0));
        _ = request;
    }
}
