using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Monitoring;
using Roko.Actors.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static Roko.Actors.Monitoring.AlertingProtocol;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// Issue #15's must-show for the OCP Time Card source: validator 0 reads a card through a test sysfs tree, with
/// CLOCK_REALTIME standing in for the card's PHC (read through the same clock_gettime call as a PHC's dynamic clock id);
/// the other three read simulated time cards. Every validator requires a time card. Validator 0 reaches Synchronized and
/// votes; gnss_sync flipped to LOST puts it in holdover with a growing bound; past the consensus precision the
/// clock-error-beyond-precision alert fires and it stops signing; SYNC again resolves the alert and it signs again.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class TimeCardHoldoverSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private const int CardNode = 0;
    private const string Alert = "clock-error-beyond-precision";
    private const long PrecisionNanos = 30_000_000;
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private readonly ValidatorNetwork _network = new(output);
    private readonly TimeCardTree _card = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _network.DisposeAsync();
        _card.Dispose();
    }

    /// <summary>
    /// The card's oscillator holds over at 5,000 ppm here (5 ms of bound per second, counted from 2 s before the LOST
    /// stamp), so the bound crosses the 30 ms precision a few seconds after the loss instead of after days.
    /// </summary>
    private string CardHocon => _card.Hocon() + """

        roko.clock {
          reading-interval = 200ms
          time-card.holdover-drift-ppm = 5000
        }
        """;

    private static readonly Config Shared = ConfigurationFactory.ParseString($$"""
        roko.validator.require-time-card = on
        roko.consensus.precision = {{PrecisionNanos / 1_000_000}}ms
        roko.timesync.probe-interval = 250ms
        roko.alerting {
          evaluation-interval = 200ms
          rules.{{Alert}} { threshold = {{PrecisionNanos / 1_000_000}}ms, resolve-threshold = {{PrecisionNanos * 8 / 10 / 1_000_000}}ms }
        }
        """);

    [Fact]
    public async Task Card_validator_should_vote_hold_over_stop_signing_past_the_precision_and_sign_again_after_SYNC()
    {
        await _network.StartAsync(4, hocon: Shared, hoconOf: i => i == CardNode ? CardHocon : HostedTimeSyncSpec.TimeCardHocon);
        var card = _network.Nodes[CardNode];
        var key = card.Node.Services.NodeKey.PublicKey;
        var observer = _network.Nodes[1];
        var watch = Stopwatch.StartNew();

        var status = card.Node.Services.ClockStatus();
        Assert.True(status.IsSynchronizedTimeCard, status.ToString());
        Assert.Contains("time card ocp0 (stand-in clock id 0)", status.SourceName, StringComparison.Ordinal);
        await Eventually.AwaitAssertAsync(() => Assert.Contains(observer.Committed.Values, b => SignedBy(b, key)), Generous);
        output.WriteLine($"{watch.Elapsed.TotalSeconds:F1} s: card validator synchronized ({status}) and its vote is in a committed block");

        var lost = DateTime.UtcNow;
        _card.Lose(lost);
        watch.Restart();
        long firstHoldover = 0;
        await Eventually.AwaitAssertAsync(() =>
        {
            var now = card.Node.Services.ClockStatus();
            Assert.Equal(ClockStatus.Holdover, now.Status);
            firstHoldover = now.HalfWidthNanos;
        }, Generous);
        output.WriteLine($"{watch.Elapsed.TotalSeconds:F1} s after LOST: holdover, ±{firstHoldover} ns");
        await Eventually.AwaitAssertAsync(() =>
            Assert.True(card.Node.Services.ClockStatus().HalfWidthNanos > firstHoldover + 1_000_000, "the bound did not grow"), Generous);
        Assert.True(card.Node.Services.ClockStatus().IsTimeCardInService, "a card holding over within its bound still counts as a time card");

        var firedAfter = await Eventually.AwaitAssertAsync(async () =>
            Assert.Contains(await ActiveAlertsAsync(card), a => a.Rule.Name == Alert && a.State.Phase == AlertPhase.Firing), Generous);
        ulong stoppedAt = await ValidatorNetwork.HeightAsync(observer);
        var atFiring = card.Node.Services.ClockStatus();
        output.WriteLine($"{watch.Elapsed.TotalSeconds:F1} s after LOST: {Alert} firing ({firedAfter.TotalSeconds:F1} s of waiting), " +
                         $"clock {atFiring}, observer at height {stoppedAt}");
        Assert.True(atFiring.HalfWidthNanos > PrecisionNanos * 8 / 10, atFiring.ToString());

        // Votes signed before the gate shut may still land in the next block; from two blocks on none may carry its signature.
        await _network.AwaitHeightAsync(stoppedAt + 5, Generous, [observer]);
        var whileFiring = observer.Committed.Values.Where(b => b.Height > stoppedAt + 1 && b.Height <= stoppedAt + 5).ToList();
        Assert.NotEmpty(whileFiring);
        Assert.All(whileFiring, b => Assert.False(SignedBy(b, key), $"block {b.Height} carries the holding-over card's signature"));
        output.WriteLine($"{watch.Elapsed.TotalSeconds:F1} s after LOST: blocks {stoppedAt + 2}..{stoppedAt + 5} finalized without it");

        _card.Lock();
        watch.Restart();
        var resolvedAfter = await Eventually.AwaitAssertAsync(async () =>
            Assert.DoesNotContain(await ActiveAlertsAsync(card), a => a.Rule.Name == Alert), Generous);
        ulong resumedAt = await ValidatorNetwork.HeightAsync(observer);
        var signedAgainAfter = await Eventually.AwaitAssertAsync(() =>
            Assert.Contains(observer.Committed.Values, b => b.Height > resumedAt && SignedBy(b, key)), Generous);
        var after = card.Node.Services.ClockStatus();
        output.WriteLine($"SYNC again: alert resolved after {resolvedAfter.TotalSeconds:F1} s, signed again {signedAgainAfter.TotalSeconds:F1} s " +
                         $"later (height > {resumedAt}); clock {after}");
        Assert.True(after.IsSynchronizedTimeCard, after.ToString());
    }

    private static bool SignedBy(Roko.Actors.Ledger.Block block, Roko.Actors.Crypto.PublicKey key) =>
        block.Commit.Signatures.Any(s => s.Validator == key);

    private static async Task<IReadOnlyList<ActiveAlert>> ActiveAlertsAsync(ValidatorNetwork.Validator node) =>
        (await node.Node.System.ActorSelection("/user/node/alerting").Ask<CurrentAlerts>(GetActiveAlerts.Instance, AskTimeout)).Alerts;
}
