using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// A 2|2 split of four equal validators: neither side holds > 2/3 of the stake. The split-brain resolver waits 60 s
/// in the test config (cluster.conf: 20 s), so the partition heals before it downs either side.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class TwoTwoPartitionSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ValidatorNetwork _network = new(output);

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _network.DisposeAsync();

    [Fact]
    public async Task Neither_side_should_finalize_during_a_two_two_partition_and_finality_should_resume_without_a_fork_after_healing()
    {
        await _network.StartAsync(4);
        await _network.AwaitHeightAsync(3, TimeSpan.FromSeconds(30));
        ValidatorNetwork.Validator[] west = [_network.Nodes[0], _network.Nodes[1]], east = [_network.Nodes[2], _network.Nodes[3]];

        await _network.BlackholeAsync(west, east);
        // A height whose precommits were already under way may still be decided: allow a grace of 3 block intervals.
        await Task.Delay(3 * ValidatorNetwork.BlockInterval);
        var (before, after) = await _network.ObserveHeightsAsync(_network.Nodes, 10 * ValidatorNetwork.BlockInterval);
        output.WriteLine($"partitioned at heights [{string.Join(", ", before)}], 3 s later [{string.Join(", ", after)}]");
        Assert.Equal(before, after);

        await _network.HealAsync(west, east);
        ulong target = after.Max() + 2;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await _network.AwaitHeightAsync(target - 1, TimeSpan.FromSeconds(30));
        var firstBlock = watch.Elapsed;
        await _network.AwaitHeightAsync(target, TimeSpan.FromSeconds(30));
        var healed = await _network.HeightsAsync();
        output.WriteLine($"healed: every validator at height {target - 1} {firstBlock.TotalMilliseconds:F0} ms and at {target} " +
                         $"{watch.Elapsed.TotalMilliseconds:F0} ms after unthrottling; heights [{string.Join(", ", healed)}]");

        await _network.StopAndVerifyChainsAsync();
    }
}
