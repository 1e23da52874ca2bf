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

        await network.RestartAsync(victim);
        ulong head = await network.HeadAsync();
        await network.WaitForHeightAsync([victim], head, Generous, "the restarted validator catches up");
        await network.WaitForHeightAsync(network.Nodes, head + 2, Generous, "all four finalize together again");

        await load.StopAsync(Settle);
        Assert.NotEmpty(load.Finalized);
        await ChaosVerdict.AssertSafeAsync(network, load);
    }

    [Fact]
    public async Task Finality_should_continue_when_a_minority_is_killed()
    {
        await using var network = await ChaosNetwork.StartAsync(Validators, output);
        await using var load = new ChaosLoad(network, TxPerSecond);
        await network.WaitForHeightAsync(network.Nodes, 3, Generous, "start");

        network.Kill(network.Nodes[1]);
        ulong atKill = await network.HeadAsync();
        await network.WaitForHeightAsync(network.Running, atKill + 5, Generous, "three of four validators keep finalizing");

        await load.StopAsync(Settle);
        Assert.Contains(load.Finalized.Values, h => h > atKill);
        await ChaosVerdict.AssertSafeAsync(network, load);
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

        foreach (var victim in victims) await network.RestartAsync(victim);
        await network.WaitForHeightAsync(network.Nodes, halted + 3, Generous, "finality resumes once a majority is back");

        await load.StopAsync(Settle);
        Assert.Contains(load.Finalized.Values, h => h > halted);
        await ChaosVerdict.AssertSafeAsync(network, load);
    }
}
