using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Nodes;
using Roko.Actors.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// Six validators of equal stake, three of which start with an unsynchronized clock (unbounded interval): those three sit
/// out (no bounded interval, no vote), so half the stake is missing and nothing can be finalized. Once their clocks are
/// synchronized, the participation recheck opens their signing gate in the height already running, they cast what they
/// withheld, and the network finalizes — the first block's certificate needs at least two of them.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class LateSynchronizedValidatorsSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Validators = 6;
    private const int FirstLate = 3;
    private readonly ValidatorNetwork _network = new(output);

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _network.DisposeAsync();

    [Fact]
    public async Task Validators_should_finalize_when_more_than_a_third_of_them_started_unsynchronized_and_then_got_synchronized()
    {
        var clocks = Enumerable.Range(0, Validators).Select(i => new LateSynchronizedClock(synchronized: i < FirstLate)).ToArray();
        await _network.StartAsync(Validators, i => clocks[i]);
        var lateKeys = _network.Genesis.Validators.Skip(FirstLate).Select(v => v.Key).ToHashSet();

        var (_, stuck) = await _network.ObserveHeightsAsync(_network.Nodes, TimeSpan.FromSeconds(3));
        Assert.All(stuck, h => Assert.Equal(0ul, h));

        foreach (var clock in clocks) clock.Synchronize();
        var took = await _network.AwaitHeightAsync(3, TimeSpan.FromSeconds(90));
        var observer = _network.Nodes[0];
        var first = observer.Committed[1];
        int lateSigners = first.Commit.Signatures.Count(s => lateKeys.Contains(s.Validator));
        output.WriteLine($"height 3 on every node {took.TotalMilliseconds:F0} ms after the clocks were synchronized; block 1 decided in " +
                         $"round {first.Commit.Round} with {first.Commit.Signatures.Length} signatures, {lateSigners} of them late validators'");
        Assert.True(lateSigners >= 2, $"block 1 has {lateSigners} signature(s) of the late validators; a quorum of six needs at least two");

        await _network.StopAndVerifyChainsAsync();
    }
}
