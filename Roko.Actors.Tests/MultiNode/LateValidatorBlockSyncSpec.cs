using Akka.Actor;
using Roko.Actors.Sync;
using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// Three of four validators finalize 30 heights; the fourth then starts with an empty chain, catches up by block sync
/// from its peers (far beyond the consensus catch-up window of re-sent decisions) and takes part in consensus again.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class LateValidatorBlockSyncSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private const ulong HeadStart = 30;
    private readonly ValidatorNetwork _network = new(output);

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _network.DisposeAsync();

    [Fact]
    public async Task A_validator_joining_late_with_an_empty_chain_should_sync_to_the_head_and_take_part_in_consensus()
    {
        await _network.StartAsync(4, running: 3);
        var took = await _network.AwaitHeightAsync(HeadStart, TimeSpan.FromSeconds(90));
        output.WriteLine($"three validators reached height {HeadStart} in {took.TotalSeconds:F1} s");

        // It starts from an empty chain; block sync may already be done by the time it is Up in the cluster, so what
        // proves the catch-up is the count of blocks block sync applied (below), not a height read at some moment.
        var late = await _network.StartLateAsync(3);
        var synced = await _network.AwaitHeightAsync(HeadStart, TimeSpan.FromSeconds(60), [late]);
        var status = await late.Node.System.ActorSelection("/user/node/sync")
            .Ask<BlockSyncProtocol.CurrentSyncStatus>(BlockSyncProtocol.GetSyncStatus.Instance, TimeSpan.FromSeconds(5));
        output.WriteLine($"{late} reached height {HeadStart} {synced.TotalSeconds:F1} s after joining; block sync applied {status.BlocksApplied} block(s)");
        Assert.True(status.BlocksApplied >= 20, $"block sync applied only {status.BlocksApplied} blocks");

        // Taking part: the late validator proposes blocks that all four commit.
        var key = late.Node.Services.NodeKey.PublicKey;
        ulong joinedAt = (await _network.HeightsAsync()).Max();
        await Eventually.AwaitAssertAsync(() =>
            Assert.Contains(late.Committed.Values, b => b.Height > joinedAt && b.Header.Proposer == key), TimeSpan.FromSeconds(60));
        var heights = await _network.HeightsAsync();
        output.WriteLine($"heights after it proposed: [{string.Join(", ", heights)}]");
        Assert.True(heights.Max() - heights.Min() <= 3, $"heights [{string.Join(", ", heights)}] are not together");

        var verdicts = await _network.StopAndVerifyChainsAsync();
        Assert.All(verdicts, v => Assert.True(v.VerifiedHeight > joinedAt, v.ToString()));
    }
}
