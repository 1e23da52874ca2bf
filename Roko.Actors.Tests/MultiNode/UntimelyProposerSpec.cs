using Roko.Actors.Consensus;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Nodes;
using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// One of four validators runs 600 ms fast, so every block it proposes carries a time 600 ms ahead of the others'
/// clocks: outside the timeliness bound <c>block time − precision (100 ms) ≤ receive time</c>. The other three must
/// prevote nil for it, so its rounds fail and another proposer's block is decided in a later round. The skew stays
/// inside the envelope future allowance (roko.network.envelope.future-allowance, 1 s), so the node keeps its peer
/// sessions and its votes count: a 5 s skew gets its handshake refused (BadTimestamp) and the node downed, and then
/// nothing it proposes ever reaches a peer. (A slow clock cannot be tested this way: "too late" needs more than
/// message-delay + precision = 1.1 s of skew, which peers refuse as from the future.)
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class UntimelyProposerSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Skewed = 1;
    private static readonly TimeSpan Skew = TimeSpan.FromMilliseconds(600);
    private readonly ValidatorNetwork _network = new(output);

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _network.DisposeAsync();

    /// <summary>The system clock with the default uncertainty, shifted by a fixed offset.</summary>
    private sealed class SkewedClock(TimeSpan skew) : IClock
    {
        private readonly AssumedUncertaintyClock _clock = new(10_000_000);

        public NanoInterval Now()
        {
            var now = _clock.Now();
            long skewNanos = Nanoseconds.FromTimeSpan(skew);
            return new NanoInterval(now.Earliest.AddSaturating(skewNanos), now.Latest.AddSaturating(skewNanos));
        }

        public NanoMoment Estimate() => _clock.Estimate() + skew;
    }

    [Fact]
    public async Task A_proposal_should_not_be_voted_for_when_its_block_time_is_outside_the_timeliness_bounds()
    {
        await _network.StartAsync(4, i => i == Skewed ? new SkewedClock(Skew) : null);
        var skewedKey = _network.Genesis.Validators[Skewed].Key;
        var validators = LedgerState.FromGenesis(_network.Genesis).Validators;
        var honest = _network.Nodes.Where(n => n.Index != Skewed).ToList();
        var observer = honest[0];
        // Heights at which the skewed validator is the proposer of round 0 (the set does not change in this spec).
        bool SkewedProposesFirst(ulong height) => ProposerRotation.ProposerOf(validators, height, 0) == skewedKey;

        var took = await Eventually.AwaitAssertAsync(() =>
        {
            var blocks = observer.Committed.Values.ToList();
            Assert.True(blocks.Count(b => SkewedProposesFirst(b.Height)) >= 2, $"{blocks.Count} block(s) so far");
        }, TimeSpan.FromSeconds(35));
        var committed = observer.Committed.Values.OrderBy(b => b.Height).ToList();
        string Describe(Block b) =>
            $"{b.Height}:v{_network.Genesis.Validators.ToList().FindIndex(v => v.Key == b.Header.Proposer)}/r{b.Commit.Round}";
        output.WriteLine($"after {took.TotalMilliseconds:F0} ms, {observer} committed (height:proposer/round) {string.Join(" ", committed.Select(Describe))}");

        Assert.All(committed, b => Assert.NotEqual(skewedKey, b.Header.Proposer));
        // Its messages do reach the others: its precommits are in the certificates of blocks it did not propose.
        Assert.Contains(committed, b => b.Commit.Signatures.Any(s => s.Validator == skewedKey));
        var skippedTurns = committed.Where(b => SkewedProposesFirst(b.Height)).ToList();
        Assert.All(skippedTurns, b => Assert.True(b.Commit.Round >= 1, $"height {b.Height} was decided in round {b.Commit.Round}"));
        output.WriteLine($"validator-{Skewed} (+{Skew.TotalMilliseconds:F0} ms) proposed round 0 of heights " +
                         $"{string.Join(", ", skippedTurns.Select(b => b.Height))}; each was decided in a later round with another proposer's block");

        var verdicts = await _network.StopAndVerifyChainsAsync();
        Assert.True(verdicts[Skewed].VerifiedHeight >= 5, $"the skewed validator should follow the chain: {verdicts[Skewed]}");
    }
}
