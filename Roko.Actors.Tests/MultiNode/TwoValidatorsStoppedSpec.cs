using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.MultiNode;

[Collection(MultiNodeCollection.Name)]
public sealed class TwoValidatorsStoppedSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ValidatorNetwork _network = new(output);

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _network.DisposeAsync();

    [Fact]
    public async Task Finality_should_halt_without_a_fork_when_two_of_four_validators_are_stopped()
    {
        await _network.StartAsync(4);
        await _network.AwaitHeightAsync(3, TimeSpan.FromSeconds(30));

        await _network.StopAbruptlyAsync(_network.Nodes[2]);
        await _network.StopAbruptlyAsync(_network.Nodes[3]);
        var survivors = _network.Running.ToList();
        // A height whose precommits were already under way may still be decided: allow a grace of 3 block intervals.
        await Task.Delay(3 * ValidatorNetwork.BlockInterval);

        // Half the stake is no quorum: nothing is finalized for 10 block intervals. (Without a quorum of prevotes no
        // prevote timeout is even scheduled, so the survivors wait in Prevote of round 0, as in the Tendermint paper.)
        var (before, after) = await _network.ObserveHeightsAsync(survivors, 10 * ValidatorNetwork.BlockInterval);
        var state = await ValidatorNetwork.ConsensusStateAsync(survivors[0]);
        output.WriteLine($"survivors at heights [{string.Join(", ", before)}] and 3 s later [{string.Join(", ", after)}]; " +
                         $"{survivors[0]} in height {state.Height}, round {state.Round}, step {state.Step}");
        Assert.Equal(before, after);

        await _network.StopAndVerifyChainsAsync();
    }
}
