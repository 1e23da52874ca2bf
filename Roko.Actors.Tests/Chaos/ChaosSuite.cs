using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.Chaos;

/// <summary>
/// Faults against real `roko node` processes on loopback, each under a transfer load, each ending with
/// <see cref="ChaosVerdict"/>: every chain verifies, the validators agree at every common height, and every
/// transaction acknowledged as finalized is in the chain.
/// </summary>
[Collection(ChaosCollection.Name)]
public sealed class ChaosSuite(ITestOutputHelper output)
{
    private const int Validators = 4;
    private const double TxPerSecond = 20;
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Validator_killed_with_sigkill_should_catch_up_after_restart()
    {
        await using var network = await ChaosNetwork.StartAsync(Validators, output);
        await using var load = new ChaosLoad(network, TxPerSecond);
        await network.WaitForHeightAsync(network.Nodes, 3, Generous, "start");

        var victim = network.Nodes[^1];
        network.Kill(victim);
        ulong atKill = await network.HeadAsync();
        await network.WaitForHeightAsync(network.Running, atKill + 3, Generous, "the other three finalize while one is down");

        var restartedAt = DateTime.UtcNow;
        await network.RestartAsync(victim);
        ulong head = await network.HeadAsync();
        await network.WaitForHeightAsync([victim], head, Generous, "the restarted validator catches up");
        var recovered = DateTime.UtcNow - restartedAt;
        await network.WaitForHeightAsync(network.Nodes, head + 2, Generous, "all four finalize together again");

        await load.StopAsync(Settle);
        Assert.NotEmpty(load.Finalized);
        await ChaosVerdict.AssertSafeAsync(network, load);
        Report("kill -9 and restart", $"restarted and caught up to height {head} in {recovered.TotalSeconds:F1} s", load);
    }

    [Fact]
    public async Task Finality_should_continue_when_a_minority_is_killed()
    {
        await using var network = await ChaosNetwork.StartAsync(Validators, output);
        await using var load = new ChaosLoad(network, TxPerSecond);
        await network.WaitForHeightAsync(network.Nodes, 3, Generous, "start");

        network.Kill(network.Nodes[1]);
        var killedAt = DateTime.UtcNow;
        ulong atKill = await network.HeadAsync();
        await network.WaitForHeightAsync(network.Running, atKill + 1, Generous, "three of four validators keep finalizing");
        var nextBlock = DateTime.UtcNow - killedAt;
        await network.WaitForHeightAsync(network.Running, atKill + 5, Generous, "three of four validators keep finalizing");

        await load.StopAsync(Settle);
        Assert.Contains(load.Finalized.Values, h => h > atKill);
        await ChaosVerdict.AssertSafeAsync(network, load);
        Report("kill a minority", $"next block {nextBlock.TotalSeconds:F1} s after the kill (finality never stopped)", load);
    }

    [Fact]
    public async Task Finality_should_halt_without_fork_when_a_majority_is_killed_and_resume_after_restart()
    {
        await using var network = await ChaosNetwork.StartAsync(Validators, output);
        await using var load = new ChaosLoad(network, TxPerSecond);
        await network.WaitForHeightAsync(network.Nodes, 3, Generous, "start");

        // The two with the highest addresses: the split-brain resolver keeps the half holding the lowest address,
        // so the survivors stay up (and halt) instead of downing themselves.
        var victims = network.Nodes.OrderByDescending(n => n.Port).Take(2).ToList();
        foreach (var victim in victims) network.Kill(victim);
        await Task.Delay(TimeSpan.FromSeconds(2)); // a block already precommitted may still land
        ulong halted = await network.HeadAsync();
        await Task.Delay(TimeSpan.FromSeconds(8));
        Assert.Equal(halted, await network.HeadAsync());

        var restartedAt = DateTime.UtcNow;
        foreach (var victim in victims) await network.RestartAsync(victim);
        await network.WaitForHeightAsync(network.Running, halted + 1, Generous, "finality resumes once a majority is back");
        var resumed = DateTime.UtcNow - restartedAt;
        await network.WaitForHeightAsync(network.Nodes, halted + 3, Generous, "finality resumes once a majority is back");

        await load.StopAsync(Settle);
        Assert.Contains(load.Finalized.Values, h => h > halted);
        await ChaosVerdict.AssertSafeAsync(network, load);
        Report("kill a majority and restart", $"halted at height {halted} (no fork); next block {resumed.TotalSeconds:F1} s after the restart began", load);
    }

    [Fact]
    public async Task Validator_cut_off_through_the_wan_controls_should_catch_up_after_heal_while_the_rest_finalize()
    {
        await using var network = await ChaosNetwork.StartAsync(Validators, output);
        await using var load = new ChaosLoad(network, TxPerSecond);
        await network.WaitForHeightAsync(network.Nodes, 3, Generous, "start");

        var victim = network.Nodes[^1];
        var others = network.Nodes.Where(n => n != victim).ToList();
        await network.CutOffAsync(victim);
        ulong atCut = await network.HeadAsync();
        await network.WaitForHeightAsync(others, atCut + 4, Generous, "the other three keep finalizing while one is cut off");
        // Truly cut off: no votes, proposals or blocks reach it, and block sync cannot fetch over a cut link. One block
        // already precommitted when the cut came may still land.
        ulong victimWhileCut = await network.HeightAsync(victim);
        Assert.True(victimWhileCut <= atCut + 1, $"{victim} reached height {victimWhileCut} while cut off at {atCut}");

        await network.HealAsync(victim);
        var healedAt = DateTime.UtcNow;
        ulong head = await network.HeadAsync();
        await network.WaitForHeightAsync([victim], head, Generous, "the healed validator catches up");
        var recovered = DateTime.UtcNow - healedAt;
        await network.WaitForHeightAsync(network.Nodes, head + 2, Generous, "all four finalize together again");

        await load.StopAsync(Settle);
        Assert.Contains(load.Finalized.Values, h => h > atCut);
        await ChaosVerdict.AssertSafeAsync(network, load);
        Report("cut off and healed", $"caught up {recovered.TotalSeconds:F1} s after the heal ({victimWhileCut} -> {head})", load);
    }

    [Fact]
    public async Task Clock_stepped_by_one_second_should_be_alerted_and_stop_the_validator_signing_until_resynchronized()
    {
        // Validator 3 is not a time card (those are 0..2): its simulated clock jumps +1 s 20 s after it starts. Its clock
        // never steps backwards: time sync slews the second out at roko.clock.max-slew-ppm, and meanwhile its drift is
        // over the devnet's 50 ms threshold, so the critical time-drift alert fires and the validator stops signing.
        const int Stepped = 3;
        await using var network = await ChaosNetwork.StartAsync(Validators, output,
            i => i == Stepped ? "roko.clock.simulated { step = 1s, step-after = 20s }" : "");
        await using var load = new ChaosLoad(network, TxPerSecond);
        var node = network.Nodes[Stepped];
        var key = Roko.Actors.Crypto.KeyFile.Load(Path.Combine(node.DataDir, "node.key")).PublicKey;
        await network.WaitForHeightAsync(network.Nodes, 3, Generous, "start");

        var (firedAt, atFire) = await AwaitAlertAsync(network, node, firing: true, "the time-drift alert fires on the stepped node");
        ulong lastWhileActive = atFire;
        var (resolvedAt, atResolve) = await AwaitAlertAsync(network, node, firing: false, "the time-drift alert resolves after resynchronization",
            height => lastWhileActive = height);
        output.WriteLine($"alert fired at height {atFire}, last seen active at height {lastWhileActive}, resolved at height {atResolve}");
        // Resynchronized: its bounded interval holds the host's (true) time again.
        long truth = Roko.Actors.Hardware.Time.NanoMoment.FromDateTime(DateTime.UtcNow).UnixNanoseconds;
        Assert.True(await network.TimeAsync(node) is { } t && t.Earliest <= truth && truth <= t.Latest + 1_000_000, "the resynchronized interval holds true time");
        await network.WaitForHeightAsync(network.Nodes, atResolve + 6, Generous, "all four finalize after the resync");

        await load.StopAsync(Settle);
        var chain = await ChaosVerdict.AssertSafeAsync(network, load);
        // While the alert was active the validator neither proposed nor signed: heights two past the one it fired at
        // (a precommit signed just before may still be in the next commit) up to the last one seen while it was active.
        for (ulong h = atFire + 2; h <= lastWhileActive; h++)
        {
            var block = chain[h];
            Assert.False(block.Header.Proposer == key, $"the stepped validator proposed block {h} while its drift alert was active");
            Assert.DoesNotContain(block.Commit.Signatures, s => s.Validator == key);
        }
        Assert.True(lastWhileActive >= atFire + 2, $"the chain moved on while the alert was active ({atFire} -> {lastWhileActive})");
        Assert.Contains(chain.Where(b => b.Key > atResolve).Select(b => b.Value),
            b => b.Commit.Signatures.Any(s => s.Validator == key));
        Report("clock step +1 s", $"alert fired at height {atFire}, resolved {(resolvedAt - firedAt).TotalSeconds:F1} s later at height {atResolve}; " +
            $"no signature of the stepped validator in heights {atFire + 2}..{lastWhileActive}", load);
    }

    /// <summary>
    /// Polls the node's /alerts until the excessive-time-drift alert is firing (or, with <paramref name="firing"/> false,
    /// gone); returns when and at which head height. <paramref name="onWait"/> hears the head at every poll before then.
    /// </summary>
    private async Task<(DateTime At, ulong Height)> AwaitAlertAsync(ChaosNetwork network, ChaosNode node, bool firing, string what,
        Action<ulong>? onWait = null)
    {
        const string Rule = "excessive-time-drift";
        var deadline = DateTime.UtcNow + Generous;
        while (true)
        {
            ulong head = await network.HeadAsync();
            var alerts = await network.AlertsAsync(node);
            double? drift = await network.MetricAsync(node, "roko_time_drift_seconds");
            bool active = alerts?.Any(a => a.Name == Rule && a.Phase == "firing") == true;
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} head {head}, {node} drift {drift?.ToString("G4") ?? "-"} s, alerts: " +
                (alerts is null ? "(no answer)" : string.Join(", ", alerts.Select(a => $"{a.Name} {a.Phase}"))));
            if (alerts is not null && active == firing) return (DateTime.UtcNow, head);
            onWait?.Invoke(head);
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not within {Generous}: {what}");
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    /// <summary>The scenario's figures, for the suite's report: what recovered how fast, and the transactions (none lost: the verdict held).</summary>
    private void Report(string scenario, string recovery, ChaosLoad load) =>
        output.WriteLine($"CHAOS FIGURES [{scenario}]: {recovery}; {load.Accepted} txs accepted, {load.Finalized.Count} acknowledged final, " +
                         $"0 of them lost (verdict held); {load.Refused} refused, {load.Unanswered} unanswered");

}
