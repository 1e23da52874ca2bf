using System.Globalization;
using System.Text.RegularExpressions;
using Roko.Actors.Monitoring;
using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// Four validators over TCP in three regions with the emulated WAN on (as the default devnet: 5 ms within a region, 40 ms
/// NA–EU, 75 ms to APAC), all voting: a commit certificate holds only the first quorum a node saw (three of four), the
/// farthest validator's precommit arriving after it, yet validator_participation reads 100 % on every node with no
/// validator named missing — the late precommit is counted — and the consensus round and step durations are recorded.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed partial class ParticipationSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    private readonly ValidatorNetwork _network = new(output);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _network.DisposeAsync();

    [GeneratedRegex("""^roko_consensus_(round|step)_duration_seconds_count\{node="[^"]+"(?:,step="(\w+)")?\} (\d+)$""", RegexOptions.Multiline)]
    private static partial Regex DurationCounts();

    [Fact]
    public async Task Participation_should_read_every_validator_when_all_vote_and_round_and_step_durations_should_be_recorded()
    {
        await _network.StartAsync(4, hocon: Akka.Configuration.ConfigurationFactory.ParseString("roko.network.wan.enabled = on"));
        await _network.AwaitHeightAsync(6, Generous);

        foreach (var node in _network.Nodes)
        {
            var certificate = node.Committed[5].Commit;
            await Eventually.AwaitAssertAsync(() =>
            {
                var snapshot = node.Node.Services.Metrics.Snapshot();
                Assert.Equal(1.0, snapshot[SeedMetric.ValidatorParticipation]);
                Assert.Empty(snapshot.MissingValidators);
            }, Generous);
            output.WriteLine($"{node}: participation 100 % (its certificate of block 5 holds {certificate.Signatures.Length} of 4 precommits)");

            var counts = DurationCounts().Matches(node.Node.Services.Exposition.Render())
                .ToDictionary(m => m.Groups[2].Success ? m.Groups[2].Value : m.Groups[1].Value, m => long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
            output.WriteLine($"{node}: durations recorded: {string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"))}");
            foreach (var series in new[] { "round", "propose", "prevote", "precommit" })
                Assert.True(counts.GetValueOrDefault(series) > 0, $"{node}: no {series} duration recorded");
        }
    }
}
