using Roko.Actors.Ledger;
using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// roko.validator.require-time-card: three validators read time cards, the fourth the system clock (with an assumed
/// uncertainty, so its clock is bounded). With the flag on, the fourth neither proposes nor votes — no block carries its
/// signature or names it proposer — while the others still finalize; with the flag off it votes like the rest.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class RequireTimeCardSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private const int WithoutCard = 3;
    private const int Blocks = 8;
    private readonly ValidatorNetwork _network = new(output);

    private const string SystemClockHocon = """
        roko.clock { source = system, assumed-uncertainty = 10ms }
        """;

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _network.DisposeAsync();

    private static string HoconOf(int index, bool requireTimeCard) =>
        (index == WithoutCard ? SystemClockHocon : HostedTimeSyncSpec.TimeCardHocon) +
        $"\nroko.validator.require-time-card = {(requireTimeCard ? "on" : "off")}\n";

    [Fact]
    public async Task A_validator_without_a_time_card_should_neither_propose_nor_vote_when_a_time_card_is_required()
    {
        await _network.StartAsync(4, hoconOf: i => HoconOf(i, requireTimeCard: true));
        var key = _network.Genesis.Validators[WithoutCard].Key;
        var observer = _network.Nodes[0];
        await Eventually.AwaitAssertAsync(() => Assert.True(observer.Committed.Count >= Blocks, $"{observer.Committed.Count} block(s)"),
            TimeSpan.FromSeconds(60));
        var committed = observer.Committed.Values.OrderBy(b => b.Height).ToList();
        output.WriteLine($"{committed.Count} blocks; signers per block: {string.Join(" ", committed.Select(b => b.Commit.Signatures.Length))}");
        Assert.All(committed, b => Assert.NotEqual(key, b.Header.Proposer));
        Assert.All(committed, b => Assert.DoesNotContain(b.Commit.Signatures, s => s.Validator == key));
        // It still follows the chain as an observer.
        await Eventually.AwaitAssertAsync(() => Assert.True(_network.Nodes[WithoutCard].Committed.Count >= Blocks / 2),
            TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_validator_without_a_time_card_should_vote_when_no_time_card_is_required()
    {
        await _network.StartAsync(4, hoconOf: i => HoconOf(i, requireTimeCard: false));
        var key = _network.Genesis.Validators[WithoutCard].Key;
        var observer = _network.Nodes[0];
        await Eventually.AwaitAssertAsync(() =>
            Assert.Contains(observer.Committed.Values, b => b.Commit.Signatures.Any(s => s.Validator == key)), TimeSpan.FromSeconds(60));
    }
}
