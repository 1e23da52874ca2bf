using System.Diagnostics;
using System.Net;
using Akka.Configuration;
using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// /health/live and /health/ready of real nodes answer as the node's state says: a node cut off from the cluster
/// (blackholed Akka.Remote links) and a node whose journal plugin stopped are not ready but alive, and ready again
/// once the links heal or the node restarts on its journal.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class HealthProbesSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20);
    private static readonly Config Http = ConfigurationFactory.ParseString("""
        roko.http { enabled = on, port = 0 }
        """);
    private readonly ValidatorNetwork _network = new(output);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _network.DisposeAsync();
    }

    [Fact]
    public async Task Readiness_should_fail_and_recover_when_a_node_is_cut_off_from_the_cluster_and_healed()
    {
        await _network.StartAsync(3, hocon: Http);
        var (cut, rest) = (_network.Nodes[0], _network.Nodes.Skip(1).ToList());
        await AwaitStatusAsync(cut, "/health/ready", HttpStatusCode.OK);

        await _network.BlackholeAsync([cut], rest);
        var notReady = await AwaitStatusAsync(cut, "/health/ready", HttpStatusCode.ServiceUnavailable, "cluster-membership: Unhealthy - cut off");
        output.WriteLine($"cut-off node not ready {notReady.TotalMilliseconds:F0} ms after blackholing");
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(cut, "/health/live")).Status);
        foreach (var node in rest) Assert.Equal(HttpStatusCode.OK, (await GetAsync(node, "/health/ready")).Status);

        await _network.HealAsync([cut], rest);
        var ready = await AwaitStatusAsync(cut, "/health/ready", HttpStatusCode.OK);
        output.WriteLine($"ready again {ready.TotalMilliseconds:F0} ms after healing");
    }

    [Fact]
    public async Task Readiness_should_fail_when_the_journal_plugin_stops_and_recover_when_the_node_restarts_on_its_journal()
    {
        await _network.StartAsync(2, hocon: Http);
        var node = _network.Nodes[0];
        await AwaitStatusAsync(node, "/health/ready", HttpStatusCode.OK);

        // Akka.Persistence never starts a stopped plugin again: the journal is gone until the node restarts.
        var journal = Akka.Persistence.Persistence.Instance.Apply(node.Node.System).JournalFor(null);
        node.Node.System.Stop(journal);
        var notReady = await AwaitStatusAsync(node, "/health/ready", HttpStatusCode.ServiceUnavailable, "journal: Unhealthy");
        output.WriteLine($"not ready {notReady.TotalMilliseconds:F0} ms after its journal plugin stopped");
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(node, "/health/live")).Status);

        await _network.StopAbruptlyAsync(node);
        var restarted = await _network.RestartAsync(node);
        var ready = await AwaitStatusAsync(restarted, "/health/ready", HttpStatusCode.OK);
        output.WriteLine($"restarted node ready {ready.TotalMilliseconds:F0} ms after its start returned");
    }

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(ValidatorNetwork.Validator node, string path)
    {
        using var response = await _http.GetAsync(new Uri(node.Node.HttpAddress!, path));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<TimeSpan> AwaitStatusAsync(ValidatorNetwork.Validator node, string path, HttpStatusCode expected, string? bodyContains = null)
    {
        var watch = Stopwatch.StartNew();
        var last = (Status: default(HttpStatusCode), Body: "");
        while (watch.Elapsed < Within)
        {
            last = await GetAsync(node, path);
            if (last.Status == expected && (bodyContains is null || last.Body.Contains(bodyContains, StringComparison.Ordinal))) return watch.Elapsed;
            await Task.Delay(200);
        }
        throw new Xunit.Sdk.XunitException($"{node} {path}: expected {(int)expected} within {Within.TotalSeconds} s, last {(int)last.Status}:\n{last.Body}");
    }
}
