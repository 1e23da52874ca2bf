using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.MultiNode;

[Collection(MultiNodeCollection.Name)]
public sealed class OneValidatorStoppedSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ValidatorNetwork _network = new(output);

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _network.DisposeAsync();

    [Fact]
    public async Task Three_of_four_validators_should_keep_finalizing_when_one_is_stopped_abruptly()
    {
        await _network.StartAsync(4);
        await _network.AwaitHeightAsync(3, TimeSpan.FromSeconds(30));

        var stopped = _network.Nodes[3];
        await _network.StopAbruptlyAsync(stopped);
        var survivors = _network.Running.ToList();
        ulong atStop = (await _network.HeightsAsync(survivors)).Max();

        var took = await _network.AwaitHeightAsync(atStop + 3, TimeSpan.FromSeconds(30), survivors);
        var heights = await _network.HeightsAsync(survivors);
        output.WriteLine($"{stopped} stopped at height {atStop}; the other three reached {atStop + 3} {took.TotalMilliseconds:F0} ms later; " +
                         $"heights [{string.Join(", ", heights)}]");

        var verdicts = await _network.StopAndVerifyChainsAsync();
        Assert.All(verdicts.Take(3), v => Assert.True(v.VerifiedHeight >= atStop + 3, v.ToString()));
    }
}
