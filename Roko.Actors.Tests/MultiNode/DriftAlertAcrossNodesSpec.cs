using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using Roko.Actors.Ledger;
using Roko.Actors.Monitoring;
using Roko.Actors.Nodes;
using Roko.Actors.Tests.Monitoring;
using Xunit;
using Xunit.Abstractions;
using static Roko.Actors.Monitoring.AlertingProtocol;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// Issue #7's must-show: time drift driven over hocon/devnet.conf's threshold on one validator (through its metrics
/// input, as the time-sync sampler sets it) fires the alert in that node's Alerting, in a real Alertmanager and on
/// another node through DistributedPubSub; while it fires the validator neither proposes nor signs; driven back, the
/// alert resolves everywhere and the validator signs again.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class DriftAlertAcrossNodesSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private const string DriftAlert = "excessive-time-drift";
    private const long DriftOverThresholdNanos = 80_000_000; // devnet.conf: fires above 50ms
    private const long DriftBackNanos = 1_000_000;           // devnet.conf: resolves below 40ms
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private readonly ValidatorNetwork _network = new(output);
    private readonly HttpClient _http = new();
    private AlertmanagerProcess? _alertmanager;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _network.DisposeAsync();
        if (_alertmanager is not null) await _alertmanager.DisposeAsync();
        _http.Dispose();
    }

    [AlertmanagerFact]
    public async Task Drift_alert_should_fire_and_resolve_on_the_node_in_alertmanager_and_across_nodes_and_stop_signing_while_firing()
    {
        _alertmanager = await AlertmanagerProcess.StartAsync(_http);
        var hocon = ConfigurationFactory.ParseString($"""
            roko.alerting {"{"}
              evaluation-interval = 200ms
              resend-interval = 1s
              alertmanager-url = {RokoConfig.Quote(_alertmanager.BaseUrl.AbsoluteUri)}
            {"}"}
            roko.health {"{"}
              report-interval = 300ms
              stale-after = 5s
            {"}"}
            """).WithFallback(RokoConfig.Embedded("devnet.conf"));
        await _network.StartAsync(4, hocon: hocon);
        await _network.AwaitHeightAsync(3, Generous);
        var drifted = _network.Nodes[0];
        var observer = _network.Nodes[1];
        var driftedKey = drifted.Node.Services.NodeKey.PublicKey;

        // Fire: the drift input crosses the threshold and stays there for devnet.conf's 'for' (2s).
        drifted.Node.Services.Metrics.SetTimeDriftNanos(DriftOverThresholdNanos);
        var firedAfter = await Eventually.AwaitAssertAsync(async () =>
            Assert.Contains(await ActiveAlertsAsync(drifted), a => a.Rule.Name == DriftAlert && a.State.Phase == AlertPhase.Firing), Generous);
        ulong heightAtFiring = await ValidatorNetwork.HeightAsync(observer);
        output.WriteLine($"{drifted} fired {DriftAlert} {firedAfter.TotalMilliseconds:F0} ms after its drift input crossed; observer at height {heightAtFiring}");

        await Eventually.AwaitAssertAsync(async () =>
        {
            var shown = await AlertmanagerAlertsAsync();
            Assert.Contains(shown, a => Label(a, "alertname") == DriftAlert && Label(a, "node") == drifted.ToString()
                                        && a.GetProperty("status").GetProperty("state").GetString() == "active");
        }, Generous);
        await Eventually.AwaitAssertAsync(async () =>
        {
            var network = await NetworkAlertsAsync(observer);
            Assert.True(network.ByNode.TryGetValue(drifted.ToString(), out var ofDrifted), "observer has no alerts of " + drifted);
            Assert.Contains(ofDrifted, a => a.Alert == DriftAlert && a.Firing);
        }, Generous);

        // The automated response: the network goes on without the drifted validator's proposals and precommits.
        await _network.AwaitHeightAsync(heightAtFiring + 5, Generous, [observer]);
        var whileFiring = Enumerable.Range(0, 4).Select(i => heightAtFiring + 2 + (ulong)i).Select(h => observer.Committed[h]).ToList();
        foreach (var block in whileFiring)
        {
            Assert.DoesNotContain(block.Commit.Signatures, s => s.Validator == driftedKey);
            Assert.NotEqual(driftedKey, block.Header.Proposer);
        }
        output.WriteLine($"heights {whileFiring[0].Height}..{whileFiring[^1].Height} committed without {drifted}: signers per block " +
                         string.Join(", ", whileFiring.Select(b => b.Commit.Signatures.Length)));

        var health = await NetworkHealthAsync(observer);
        Assert.Equal(4, health.Nodes.Length);
        Assert.Equal(drifted.ToString(), health.LargestTimeDriftNode);
        output.WriteLine($"NetworkHealth: nodes [{string.Join(", ", health.Nodes)}], heights {health.LowestHeight}..{health.HighestHeight}, " +
                         $"participation {health.Participation}, missing [{string.Join(", ", health.MissingValidators)}], " +
                         $"regions [{string.Join(", ", health.Regions.Select(r => $"{r.Region}: {r.Nodes} nodes, {r.PeerLinks} links"))}], " +
                         $"slowest link {health.SlowestRegionLink}");

        // Resolve: the drift input goes back under the resolve threshold.
        drifted.Node.Services.Metrics.SetTimeDriftNanos(DriftBackNanos);
        await Eventually.AwaitAssertAsync(async () =>
            Assert.DoesNotContain(await ActiveAlertsAsync(drifted), a => a.Rule.Name == DriftAlert), Generous);
        ulong heightAtResolve = await ValidatorNetwork.HeightAsync(observer);
        await Eventually.AwaitAssertAsync(async () =>
            Assert.DoesNotContain(await AlertmanagerAlertsAsync(), a => Label(a, "alertname") == DriftAlert), Generous);
        await Eventually.AwaitAssertAsync(async () =>
            Assert.False((await NetworkAlertsAsync(observer)).ByNode.ContainsKey(drifted.ToString())), Generous);

        // ... and the validator signs again.
        var resumedAfter = await Eventually.AwaitAssertAsync(() =>
            Assert.Contains(observer.Committed.Values, b => b.Height > heightAtResolve && b.Commit.Signatures.Any(s => s.Validator == driftedKey)),
            Generous);
        output.WriteLine($"resolved at observer height {heightAtResolve}; {drifted}'s precommit back in a certificate {resumedAfter.TotalMilliseconds:F0} ms later");

        await _network.StopAndVerifyChainsAsync();
    }

    private static async Task<IReadOnlyList<ActiveAlert>> ActiveAlertsAsync(ValidatorNetwork.Validator node) =>
        (await Alerting(node).Ask<CurrentAlerts>(GetActiveAlerts.Instance, AskTimeout)).Alerts;

    private static Task<CurrentNetworkAlerts> NetworkAlertsAsync(ValidatorNetwork.Validator node) =>
        Alerting(node).Ask<CurrentNetworkAlerts>(GetNetworkAlerts.Instance, AskTimeout);

    private static ActorSelection Alerting(ValidatorNetwork.Validator node) => node.Node.System.ActorSelection("/user/node/alerting");

    private static async Task<NetworkHealthFigures> NetworkHealthAsync(ValidatorNetwork.Validator node)
    {
        NetworkHealthFigures? figures = null;
        await Eventually.AwaitAssertAsync(async () =>
        {
            var reply = await node.Node.System.ActorSelection(NetworkHealthProtocol.ProxyPath)
                .Ask<NetworkHealthProtocol.CurrentNetworkHealth>(NetworkHealthProtocol.GetNetworkHealth.Instance, AskTimeout);
            Assert.Equal(4, reply.Figures.Nodes.Length);
            figures = reply.Figures;
        }, Generous);
        return figures!;
    }

    private async Task<List<JsonElement>> AlertmanagerAlertsAsync()
    {
        string body = await _http.GetStringAsync(new Uri(_alertmanager!.BaseUrl, AlertmanagerPayload.AlertsPath));
        using var json = JsonDocument.Parse(body);
        return [.. json.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    private static string? Label(JsonElement alert, string name) =>
        alert.GetProperty("labels").TryGetProperty(name, out var value) ? value.GetString() : null;
}
