using Akka.Actor;
using Roko.Actors.Crypto;
using Roko.Actors.Network.Overlay;
using Roko.Actors.Nodes;
using Roko.Actors.Ledger;
using Roko.Actors.Propagation;
using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// A Byzantine validator (test-side: the spec signs with validator-3's key) sends two prevotes for different blocks in
/// one (height, round) through its own node's propagator, once for a height still ahead and once for a height already
/// decided everywhere. The honest validators must detect both double signings, report
/// it as an evidence transaction, and a proposer must commit it: every node's ledger then burns the slash fraction of
/// the offender's stake, tombstones its key and drops it from the validator set, its peers refuse it as a validator,
/// and the three honest validators go on finalizing without it; every chain re-verifies from genesis.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class EquivocatingValidatorSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ValidatorNetwork _network = new(output);

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _network.DisposeAsync();

    [Fact]
    public async Task An_equivocating_validator_should_be_caught_slashed_and_removed_when_it_prevotes_two_blocks_in_one_round()
    {
        await _network.StartAsync(4);
        var refusals = new EventCollector<PeerManagerProtocol.PeerRefusedAsValidator>();
        foreach (var node in _network.Nodes.Take(3))
            node.Node.System.EventStream.Subscribe(node.Node.System.ActorOf(refusals.Props()), typeof(PeerManagerProtocol.PeerRefusedAsValidator));
        await _network.AwaitHeightAsync(2, TimeSpan.FromSeconds(30));
        var byzantine = _network.Nodes[3];
        var key = byzantine.Node.Services.NodeKey;
        var honest = _network.Nodes.Take(3).ToList();
        // Two offences. First one four heights ahead, so every honest node still has that height ahead of it (buffered,
        // replayed when it starts) even on a loaded machine where 300 ms blocks come faster than the votes travel. Then,
        // once that is caught, one at a height every honest node had already decided before the first: its round is long
        // gone and only the driver's watch of decided heights (LateVoteWatch) can catch it. (Sent together, the late pair
        // would be committed first and the validator dropped before the height ahead, where its votes then count for nothing.)
        ulong past = (await _network.HeightsAsync(honest)).Min();
        ulong height = (await _network.HeightsAsync()).Max() + 4;
        var propagator = byzantine.Node.System.ActorSelection("/user/node/propagator");
        void DoubleSign(ulong at, string tag)
        {
            var clock = byzantine.Node.Services.Clock.Now();
            foreach (var block in new[] { "a", "b" })
            {
                var vote = Vote.Create(VoteType.Prevote, _network.Genesis.ChainId, at, 0,
                    Sha256.Hash(System.Text.Encoding.UTF8.GetBytes($"equivocation-{tag}-{block}")), clock, key);
                propagator.Tell(new BlockPropagatorProtocol.Propagate(MessageKind.Vote, vote.Encode()));
            }
        }

        DoubleSign(height, "ahead");
        var took = await Eventually.AwaitAssertAsync(() => Assert.All(honest, n => Assert.NotEmpty(n.Evidence)), TimeSpan.FromSeconds(30));
        DoubleSign(past, "decided");
        var tookLate = await Eventually.AwaitAssertAsync(() => Assert.All(honest, n => Assert.Equal(2, n.Evidence.Count)), TimeSpan.FromSeconds(30));
        foreach (var node in honest)
        {
            Assert.All(node.Evidence, e => Assert.Null(e.Verify()));
            Assert.All(node.Evidence, e => Assert.Equal(key.PublicKey, e.Validator));
            Assert.Equal([height, past], node.Evidence.Select(e => e.Height));
        }
        output.WriteLine($"double prevotes by {byzantine} detected by all three honest validators: at height {height} (ahead) " +
                         $"{took.TotalMilliseconds:F0} ms after sending, at height {past} (already decided) {tookLate.TotalMilliseconds:F0} ms after sending");
        Assert.Empty(byzantine.Evidence); // its own node never feeds back its own messages

        // The evidence is committed in a block (exactly one report gets in; the others, of either offence, are left out as
        // already punished).
        var stake = _network.Genesis.Validators.Single(v => v.Key == key.PublicKey).Stake;
        await Eventually.AwaitAssertAsync(() => Assert.All(honest, n => Assert.Contains(n.Committed.Values, b => EvidenceIn(b, key) > 0)),
            TimeSpan.FromSeconds(30));
        var evidenceBlock = honest[0].Committed.Values.Where(b => EvidenceIn(b, key) > 0).MinBy(b => b.Height)!;
        Assert.Equal(1, _network.Nodes[0].Committed.Values.Sum(b => EvidenceIn(b, key)));
        output.WriteLine($"evidence committed in block {evidenceBlock.Height}");

        // Every ledger slashed it: stake closed, key tombstoned, 95 % unbonding, gone from the next height's set.
        ulong slashedAt = evidenceBlock.Height;
        await _network.AwaitHeightAsync(slashedAt + 3, TimeSpan.FromSeconds(30), honest);
        foreach (var node in honest)
        {
            var tip = await TipAsync(node);
            Assert.False(tip.Stakes.ContainsKey(key.PublicKey));
            Assert.Contains(key.PublicKey, tip.Tombstoned);
            Assert.Equal(stake - stake.MultiplyPpm(tip.Parameters.SlashFractionPpm), Unbonding.Of(tip, key.PublicKey));
            Assert.False(tip.Validators.Contains(key.PublicKey));
            Assert.Equal(3, tip.Validators.Count);
            Assert.True(tip.ValidatorsAt(slashedAt)!.Contains(key.PublicKey), "it was still a validator of the evidence block's height");
        }
        foreach (var block in honest[0].Committed.Values.Where(b => b.Height > slashedAt))
            Assert.DoesNotContain(block.Commit.Signatures, s => s.Validator == key.PublicKey);

        // Its peers now refuse it as a validator; the honest three keep finalizing without it.
        await Eventually.AwaitAssertAsync(() => Assert.Contains(refusals.Events, r => r.Key == key.PublicKey), TimeSpan.FromSeconds(10));
        var before = (await _network.HeightsAsync(honest)).Max();
        var continued = await _network.AwaitHeightAsync(before + 3, TimeSpan.FromSeconds(20), honest);
        output.WriteLine($"slashed at height {slashedAt}; the honest three went from {before} to {before + 3} in {continued.TotalMilliseconds:F0} ms");

        await _network.StopAndVerifyChainsAsync();
    }

    private static int EvidenceIn(Block block, SigningKey offender) =>
        block.Transactions.Count(t => t.Payload is EvidencePayload e && e.Evidence.Validator == offender.PublicKey);

    private static async Task<LedgerState> TipAsync(ValidatorNetwork.Validator node) =>
        (await node.Node.Guardian.Ask<NodeGuardianProtocol.NodeStatus>(NodeGuardianProtocol.GetNodeStatus.Instance, TimeSpan.FromSeconds(5))).Tip!;
}
