using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using Roko.Actors.Crypto;
using Roko.Actors.Devnet;
using Roko.Actors.Forks;
using Roko.Actors.Ledger;
using Roko.Actors.Monitoring;
using Roko.Actors.Nodes;
using Roko.Actors.Propagation;
using Roko.Actors.Tests.Builders;
using Xunit;
using Xunit.Abstractions;
using static Roko.Actors.Monitoring.AlertingProtocol;
using static Roko.Actors.Nodes.NodeGuardianProtocol;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// Issue 16's fork, between real nodes over TCP: four validators and an archive commit a chain; the test, holding three
/// of the four validators' keys (more than 2/3 of the stake), certifies a conflicting block at an already committed
/// height and has validator-0 gossip it like a committed block. Every node — the archive too — judges it by the fork
/// rule (or checks the evidence the first node to judge it flooded, whichever arrives first), journals both certificates as evidence, counts it (roko_forks_total, roko_forks_unresolved), fires the
/// critical fork-detected alert and stops signing, so the chain halts; /health says why. A validator restarted meanwhile
/// still holds the fork and still does not sign. Only the operator's POST /forks/resume (the HTTP API on validator-1;
/// the same message to the others) lets the chain go on, and the alert resolves.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class ForkDetectionSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Token = "fork-spec-token";
    private const ulong ForkHeight = 2;
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    /// <summary>How long the halted chain is watched for a block; several block intervals and every consensus timeout.</summary>
    private static readonly TimeSpan HaltWatch = TimeSpan.FromSeconds(4);

    private readonly ValidatorNetwork _network = new(output);
    private RokoNode? _archive;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_archive is not null)
        {
            try
            {
                await _archive.System.Terminate().WaitAsync(TimeSpan.FromSeconds(15));
            }
            catch (TimeoutException)
            {
                // abandoned; the test process ends it
            }
            _archive.Services.Dispose();
        }
        await _network.DisposeAsync();
    }

    [Fact]
    public async Task Every_node_should_keep_the_evidence_alert_and_stop_signing_on_a_certified_conflicting_block_until_an_operator_resumes()
    {
        await _network.StartAsync(4, hoconOf: i => i == 1 ? $"roko.http {{ enabled = on, port = 0, token = \"{Token}\" }}" : null);
        _archive = StartArchive();
        await _network.AwaitHeightAsync(ForkHeight + 2, Generous);
        await Eventually.AwaitAssertAsync(async () => Assert.True(await HeightAsync(_archive) >= ForkHeight + 1), Generous);

        var validators = LedgerState.FromGenesis(_network.Genesis).Validators;
        var keys = Enumerable.Range(0, 4)
            .Select(i => KeyFile.Load(Path.Combine(_network.Layout.NodeDir(DevnetLayout.ValidatorName(i)), DevnetLayout.KeyFileName))).ToList();
        var honest = _network.Nodes[0].Committed[ForkHeight];
        var header = Headers.With(honest.Header, blockTime: honest.Header.BlockTime.AddNanoseconds(1));
        var conflicting = new Block(header, honest.Transactions, BlockBuilder.Commit(header, keys.Take(3), round: 1));
        Assert.Null(conflicting.Commit.Verify(conflicting.Header, validators));
        output.WriteLine($"honest block {honest.Hash.Short} and conflicting block {conflicting.Hash.Short} at height {ForkHeight}, both certified");

        _network.Nodes[0].Node.System.ActorSelection("/user/node/propagator")
            .Tell(new BlockPropagatorProtocol.Propagate(MessageKind.Block, conflicting.Encode()));

        var everyNode = _network.Nodes.Select(n => (Name: n.ToString(), n.Node)).Append((Name: "archive-0", Node: _archive)).ToList();
        foreach (var (name, node) in everyNode)
        {
            var forks = await AwaitForksAsync(node, f => f.Forks.Length == 1);
            var kept = forks.Forks[0];
            output.WriteLine($"{name}: {kept.Evidence} from {kept.Source}; signed both: {kept.Evidence.SignedBoth.Length}");
            Assert.Equal(1, forks.Unresolved);
            Assert.Equal(new[] { honest.Hash, conflicting.Hash }.Order(), new[] { kept.Evidence.First.Hash, kept.Evidence.Second.Hash });
            Assert.Null(ForkCheck.Verify(kept.Evidence));
            // Each node judged the gossiped block itself, or recorded the evidence the first node to judge it flooded,
            // whichever reached it first.
            Assert.True(kept.Source.Contains("gossip", StringComparison.Ordinal) || kept.Source.StartsWith("fork evidence flooded by", StringComparison.Ordinal),
                $"{name} recorded the fork from {kept.Source}");
            Assert.Equal(1, node.Services.Metrics.Snapshot()[SeedMetric.UnresolvedForks]);
            Assert.Contains($"roko_forks_total{{node=\"{name}\"}} 1\n", node.Services.Exposition.Render());
            await Eventually.AwaitAssertAsync(async () =>
            {
                var alerts = (await node.System.ActorSelection(Roko.Actors.Api.NodeApi.AlertingPath)
                    .Ask<CurrentAlerts>(GetActiveAlerts.Instance, AskTimeout)).Alerts;
                var fork = Assert.Single(alerts, a => a.Rule.Name == "fork-detected");
                Assert.Equal(AlertPhase.Firing, fork.State.Phase);
                Assert.Equal(AlertSeverity.Critical, fork.Rule.Severity);
            }, Generous);
        }

        // Signing is held on every validator: nothing more is finalized.
        await Task.Delay(TimeSpan.FromSeconds(1)); // a block whose votes were cast before the fork showed may still commit
        var (before, after) = await _network.ObserveHeightsAsync(_network.Nodes, HaltWatch);
        output.WriteLine($"heights while held: [{string.Join(", ", before)}] -> [{string.Join(", ", after)}]");
        Assert.Equal(before, after);
        using var http = new HttpClient { BaseAddress = _network.Nodes[1].Node.HttpAddress, Timeout = TimeSpan.FromSeconds(30) };
        using (var health = JsonDocument.Parse(await http.GetStringAsync("/health")))
        {
            output.WriteLine($"/health of validator-1: {health.RootElement}");
            Assert.Equal(1, health.RootElement.GetProperty("forksUnresolved").GetInt32());
            Assert.Contains($"height {ForkHeight}", health.RootElement.GetProperty("signingHeld").GetString());
        }

        // The evidence is journaled: a validator restarted now recovers the fork and still does not sign.
        var restarted = _network.Nodes[2];
        await _network.StopAbruptlyAsync(restarted);
        restarted = await _network.RestartAsync(restarted);
        var recovered = await AwaitForksAsync(restarted.Node, f => f.Forks.Length == 1);
        Assert.Equal(1, recovered.Unresolved);
        Assert.Equal(1, restarted.Node.Services.Metrics.Snapshot()[SeedMetric.UnresolvedForks]);
        var held = await _network.HeightsAsync();
        output.WriteLine($"{restarted} restarted with the fork record; heights [{string.Join(", ", held)}]");

        // The operator acts: without the token nothing changes; with it the fork is resolved and signing resumes.
        var refused = await http.PostAsync("/forks/resume", null);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var resume = new HttpRequestMessage(HttpMethod.Post, "/forks/resume")
        {
            Content = new StringContent("""{"note": "conflicting block made by the fork spec"}""", new MediaTypeHeaderValue("application/json")),
        };
        resume.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var resumed = await http.SendAsync(resume);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        using (var body = JsonDocument.Parse(await resumed.Content.ReadAsStringAsync()))
        {
            Assert.Equal(0, body.RootElement.GetProperty("unresolved").GetInt32());
            Assert.True(body.RootElement.GetProperty("forks")[0].GetProperty("resolved").GetBoolean());
        }
        foreach (var other in _network.Running.Where(n => n.Index != 1).Select(n => n.Node).Append(_archive))
            await other.System.ActorSelection(ForkMonitorProtocol.Path)
                .Ask<ForkMonitorProtocol.CurrentForks>(new ForkMonitorProtocol.ResumeSigning("resolved by the fork spec"), AskTimeout);
        await _network.AwaitHeightAsync(held.Max() + 2, Generous);
        foreach (var (name, node) in everyNode.Where(n => n.Name != restarted.ToString()).Append((Name: restarted.ToString(), Node: restarted.Node)))
            await Eventually.AwaitAssertAsync(async () =>
            {
                var alerts = (await node.System.ActorSelection(Roko.Actors.Api.NodeApi.AlertingPath)
                    .Ask<CurrentAlerts>(GetActiveAlerts.Instance, AskTimeout)).Alerts;
                Assert.DoesNotContain(alerts, a => a.Rule.Name == "fork-detected" && a.State.Phase == AlertPhase.Firing);
            }, Generous);
        output.WriteLine($"resumed: heights [{string.Join(", ", await _network.HeightsAsync())}]");
    }

    private RokoNode StartArchive()
    {
        string dir = _network.Layout.NodeDir("archive-0");
        Directory.CreateDirectory(dir);
        KeyFile.Write(Path.Combine(dir, DevnetLayout.KeyFileName), SigningKey.Generate());
        GenesisFile.Write(Path.Combine(dir, DevnetLayout.GenesisFileName), _network.Genesis);
        var archive = RokoNode.Start(ConfigurationFactory.ParseString($"""
            roko.node.name = "archive-0"
            roko.node.role = archive
            roko.node.region = na
            roko.node.data-dir = {RokoConfig.Quote(dir)}
            """).WithFallback(_network.BaseConfig));
        archive.Join([_network.Nodes[0].Node.Address]);
        return archive;
    }

    private static async Task<ulong> HeightAsync(RokoNode node) =>
        (await node.Guardian.Ask<NodeStatus>(GetNodeStatus.Instance, AskTimeout)).Tip?.Height ?? 0;

    private static async Task<ForkMonitorProtocol.CurrentForks> AwaitForksAsync(RokoNode node, Func<ForkMonitorProtocol.CurrentForks, bool> condition)
    {
        ForkMonitorProtocol.CurrentForks forks = null!;
        await Eventually.AwaitAssertAsync(async () =>
        {
            forks = await node.System.ActorSelection(ForkMonitorProtocol.Path)
                .Ask<ForkMonitorProtocol.CurrentForks>(ForkMonitorProtocol.GetForks.Instance, AskTimeout);
            Assert.True(condition(forks), $"{forks.Forks.Length} fork(s), {forks.Unresolved} unresolved");
        }, Generous);
        return forks;
    }
}
