using Roko.Actors.Devnet;
using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.MultiNode;

[Collection(MultiNodeCollection.Name)]
public sealed class FourValidatorsInThreeRegionsSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ValidatorNetwork _network = new(output);

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _network.DisposeAsync();

    [Fact]
    public async Task Four_validators_should_commit_and_agree_on_every_block_when_spread_over_three_regions()
    {
        var started = await _network.StartAsync(4);
        Assert.Equal(["na", "eu", "apac", "na"], _network.Genesis.Validators.Select(v => v.Region));
        output.WriteLine($"4 validators ready and Up in {started.TotalMilliseconds:F0} ms");

        var took = await _network.AwaitHeightAsync(5, TimeSpan.FromSeconds(30));
        var heights = await _network.HeightsAsync();
        output.WriteLine($"every validator at height >= 5 after {took.TotalMilliseconds:F0} ms; heights [{string.Join(", ", heights)}]");

        var verdicts = await _network.StopAndVerifyChainsAsync();
        Assert.All(verdicts, v => Assert.True(v.VerifiedHeight >= 5, v.ToString()));
        // Every block carries a certificate of > 2/3 of the stake: at least 3 of the 4 equal stakes signed it.
        Assert.All(_network.Nodes.SelectMany(n => n.Committed.Values), b => Assert.True(b.Commit.Signatures.Length >= 3));
        output.WriteLine($"proposers: {string.Join(" ", _network.Nodes[0].Committed.Values.OrderBy(b => b.Height)
            .Select(b => $"{b.Height}:{DevnetLayout.ValidatorName(_network.Genesis.Validators.ToList().FindIndex(v => v.Key == b.Header.Proposer))}/r{b.Commit.Round}"))}");
    }
}
