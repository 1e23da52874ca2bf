using Roko.Actors.Crypto;
using Roko.Actors.Ledger;
using Roko.Actors.Propagation;
using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// A Byzantine validator (test-side: the spec signs with validator-3's key) sends two prevotes for different blocks in
/// one (height, round) through its own node's propagator. The honest validators must detect the double signing.
/// Committing the evidence and slashing through the ledger are not implemented yet, so this spec stops at detection.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class EquivocatingValidatorSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ValidatorNetwork _network = new(output);

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _network.DisposeAsync();

    [Fact]
    public async Task An_equivocating_validator_should_be_caught_by_the_others_when_it_prevotes_two_blocks_in_one_round()
    {
        await _network.StartAsync(4);
        await _network.AwaitHeightAsync(2, TimeSpan.FromSeconds(30));
        var byzantine = _network.Nodes[3];
        var key = byzantine.Node.Services.NodeKey;
        // Two heights ahead, so every honest node still has that height ahead of it (buffered, replayed when it starts).
        ulong height = (await _network.HeightsAsync()).Max() + 2;
        var clock = byzantine.Node.Services.Clock.Now();
        var votes = new[] { "a", "b" }.Select(tag => Vote.Create(VoteType.Prevote, _network.Genesis.ChainId, height, 0,
            Sha256.Hash(System.Text.Encoding.UTF8.GetBytes("equivocation-" + tag)), clock, key)).ToList();
        var propagator = byzantine.Node.System.ActorSelection("/user/node/propagator");
        foreach (var vote in votes) propagator.Tell(new BlockPropagatorProtocol.Propagate(MessageKind.Vote, vote.Encode()));

        var honest = _network.Nodes.Take(3).ToList();
        var took = await Eventually.AwaitAssertAsync(() => Assert.All(honest, n => Assert.NotEmpty(n.Evidence)), TimeSpan.FromSeconds(30));
        foreach (var node in honest)
        {
            var evidence = Assert.Single(node.Evidence);
            Assert.Null(evidence.Verify());
            Assert.Equal(key.PublicKey, evidence.Validator);
            Assert.Equal(height, evidence.Height);
        }
        output.WriteLine($"double prevote by {byzantine} at height {height} detected by all three honest validators " +
                         $"{took.TotalMilliseconds:F0} ms after sending");
        Assert.Empty(byzantine.Evidence); // its own node never feeds back its own messages

        await _network.AwaitHeightAsync(height + 1, TimeSpan.FromSeconds(20));
        await _network.StopAndVerifyChainsAsync();
    }
}
