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
        // Validator 3 is not a time card (those are 0..2): its simulated clock jumps +1 s 45 s after it starts (after the
        // network is up, even on a starved machine). Its clock never steps backwards: time sync measures the jump and slews
        // the second out at roko.clock.max-slew-ppm — chrony's default maxslewrate here, so about 12 s. Meanwhile its drift
        // is over the devnet's 50 ms threshold: the critical time-drift alert fires and the validator stops signing until
        // the drift is back under 40 ms.
        const int Stepped = 3;
        const string Rule = "excessive-time-drift";
        var stepAfter = TimeSpan.FromSeconds(45);
        ChaosAlertWatch? watch = null;
        var stepAt = DateTime.MaxValue;
        ChaosNetwork network;
        try
        {
            network = await ChaosNetwork.StartAsync(Validators, output,
                i => i == Stepped ? $"roko.clock {{ max-slew-ppm = 83333, simulated {{ step = 1s, step-after = {stepAfter.TotalSeconds}s }} }}" : "",
                launched =>
                {
                    stepAt = DateTime.UtcNow + stepAfter; // the simulated clock counts from a moment after its process started
                    watch = new ChaosAlertWatch(launched, launched.Nodes[Stepped], launched.Nodes[0], Rule);
                });
        }
        catch
        {
            if (watch is not null) await watch.DisposeAsync();
            throw;
        }
        await using var networkOwned = network;
        await using var watching = watch!;
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} all ready");
        await using var load = new ChaosLoad(network, TxPerSecond);
        var node = network.Nodes[Stepped];
        var key = Roko.Actors.Crypto.KeyFile.Load(Path.Combine(node.DataDir, "node.key")).PublicKey;

        var samples = await watching.AwaitAsync(s => Resolved(s, stepAt) is not null, Generous,
            "the time-drift alert fires on the stepped node and resolves after resynchronization");
        output.WriteLine(ChaosAlertWatch.Describe(samples));
        var resolved = Resolved(samples, stepAt)!;
        var fired = samples.First(s => s.At >= stepAt && s.Firing);
        var lastFiring = samples.Last(s => s.At < resolved.At && s.Firing);
        // Detected as what it is: the node's drift, measured by time sync, was a good part of the second while the alert fired.
        Assert.Contains(samples, s => s.At >= fired.At && s.At <= lastFiring.At && s.DriftSeconds >= 0.2);
        // Resynchronized: its bounded interval holds the host's (true) time again.
        // The node read its clock somewhere between the two host readings (an HTTP round trip on a loaded machine).
        long before = Roko.Actors.Hardware.Time.NanoMoment.FromDateTime(DateTime.UtcNow).UnixNanoseconds;
        var interval = await network.TimeAsync(node);
        long after = Roko.Actors.Hardware.Time.NanoMoment.FromDateTime(DateTime.UtcNow).UnixNanoseconds;
        Assert.True(interval is { } t && t.Earliest <= after && before <= t.Latest,
            $"the resynchronized interval [{interval?.Earliest}, {interval?.Latest}] meets true time [{before}, {after}]");
        await network.WaitForHeightAsync(network.Nodes, Math.Max(resolved.Head, 3) + 6, Generous, "all four finalize after the resync");

        await load.StopAsync(Settle);
        var chain = await ChaosVerdict.AssertSafeAsync(network, load);
        // While the alert fired the validator neither proposed nor signed: from two heights past the one it fired at (a
        // precommit signed just before may still be in the next commit) up to the head last seen while it was firing.
        for (ulong h = fired.Head + 2; h <= lastFiring.Head; h++)
        {
            Assert.False(chain[h].Header.Proposer == key, $"the stepped validator proposed block {h} while its drift alert fired");
            Assert.DoesNotContain(chain[h].Commit.Signatures, s => s.Validator == key);
        }
        Assert.True(lastFiring.Head >= fired.Head + 2, $"the others kept finalizing while the alert fired (heights {fired.Head} -> {lastFiring.Head})");
        // Signing again after: a committed block it proposed, or its precommit in a certificate. A certificate holds the
        // first precommits to reach a quorum (3 of these 4), so on a loaded host the slowest node's can miss every one of
        // a few heights while it proposes its turn (CI: proposer of one of heights 49..53, in none of their certificates).
        var resynced = chain.Where(b => b.Key > resolved.Head).Select(b => b.Value).ToList();
        Assert.True(resynced.Any(b => b.Header.Proposer == key || b.Commit.Signatures.Any(s => s.Validator == key)),
            $"the stepped validator neither proposed nor precommitted any of heights {resolved.Head + 1}..{resolved.Head + (ulong)resynced.Count} after it resynchronized");
        Report("clock step +1 s", $"alert fired at height {fired.Head}, resolved {(resolved.At - fired.At).TotalSeconds:F1} s later at height " +
            $"{resolved.Head}; no signature of the stepped validator in heights {fired.Head + 2}..{lastFiring.Head}, signing again after", load);
    }

    /// <summary>The first sample, after the alert fired past <paramref name="stepAt"/>, in which it no longer fires; or null.</summary>
    private static ChaosAlertWatch.Sample? Resolved(IReadOnlyList<ChaosAlertWatch.Sample> samples, DateTime stepAt) =>
        samples.SkipWhile(s => s.At < stepAt || !s.Firing).FirstOrDefault(s => s.Answered && !s.Firing);

    /// <summary>The scenario's figures, for the suite's report: what recovered how fast, and the transactions (none lost: the verdict held).</summary>
    private void Report(string scenario, string recovery, ChaosLoad load) =>
        output.WriteLine($"CHAOS FIGURES [{scenario}]: {recovery}; {load.Accepted} txs accepted, {load.Finalized.Count} acknowledged final, " +
                         $"0 of them lost (verdict held); {load.Refused} refused, {load.Unanswered} unanswered");
}
