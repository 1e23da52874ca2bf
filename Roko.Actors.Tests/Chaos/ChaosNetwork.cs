using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Roko.Actors.Crypto;
using Roko.Actors.Devnet;
using Roko.Actors.Ledger;
using Roko.Actors.Nodes;
using Roko.Actors.Tests.Support;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.Chaos;

/// <summary>
/// A network of real `roko node` processes on 127.0.0.1 for the chaos suite: `roko genesis` makes the keys, each
/// validator gets a config file with its own cluster and HTTP ports, and the first three validators are the seeds.
/// The test drives the processes (SIGKILL, SIGTERM, restart) and reads them only through their HTTP API and, after
/// they stopped, their data dirs. Disposing kills every process and deletes every file.
/// </summary>
public sealed class ChaosNetwork : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    /// <summary>Bearer token of every node's management writes (the /admin/wan cut and heal).</summary>
    public const string Token = "chaos-token-5d1c";
    private readonly TempDirectory _dir;
    private readonly ITestOutputHelper _output;

    public IReadOnlyList<ChaosNode> Nodes { get; }
    public Genesis Genesis { get; }
    public IReadOnlyList<SigningKey> Accounts { get; }
    public string Root => _dir.Combine("net");
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    private ChaosNetwork(TempDirectory dir, ITestOutputHelper output, IReadOnlyList<ChaosNode> nodes, Genesis genesis, IReadOnlyList<SigningKey> accounts)
    {
        _dir = dir;
        _output = output;
        Nodes = nodes;
        Genesis = genesis;
        Accounts = accounts;
    }

    /// <summary>Creates the network's files and starts every validator; returns once all answer /health as ready.</summary>
    /// <param name="hoconOf">HOCON layered over one validator's config (by index), e.g. a clock step.</param>
    /// <param name="launched">Called once every process is launched, before they are ready (e.g. to start watching them).</param>
    public static async Task<ChaosNetwork> StartAsync(int validators, ITestOutputHelper output, Func<int, string>? hoconOf = null,
        Action<ChaosNetwork>? launched = null)
    {
        var dir = new TempDirectory();
        try
        {
            string root = dir.Combine("net");
            var genesisRun = await RokoProcess.RunAsync(StartTimeout, "genesis", "--validators", validators.ToString(), "--out", root);
            if (genesisRun.ExitCode != 0) throw new InvalidOperationException("roko genesis failed: " + genesisRun.Stderr);

            var ports = FreePorts(validators * 2);
            var seeds = string.Join(", ", Enumerable.Range(0, Math.Min(3, validators)).Select(i => $"\"akka.tcp://roko@127.0.0.1:{ports[i]}\""));
            // As in `roko devnet` (and deploy/local/cluster.sh): devnet.conf, time cards for the first validator of each region,
            // the other clocks start off by a few ms and converge through time sync.
            string devnetConf = RokoConfig.EmbeddedText("devnet.conf");
            var clocks = DevnetClockSettings.Create(RokoConfig.Embedded("devnet.conf").WithFallback(RokoConfig.Defaults));
            var nodes = new List<ChaosNode>();
            for (int i = 0; i < validators; i++)
            {
                string name = $"validator-{i}";
                string region = ValidatorRegions.Known[i % ValidatorRegions.Known.Count];
                var node = new ChaosNode(i, name, region, ports[i], ports[validators + i], Path.Combine(root, name), dir.Combine($"{name}.conf"));
                File.WriteAllText(node.ConfigPath, $$"""
                    {{devnetConf}}
                    {{DevnetClockPlan.HoconFor(i, clocks)}}
                    roko.node { name = "{{name}}", role = validator, region = {{region}}, data-dir = {{RokoConfig.Quote(node.DataDir)}} }
                    roko.http { port = {{node.HttpPort}}, token = "{{Token}}", monitoring { rate-per-second = 100000, burst = 100000 } }
                    roko.network.ddos.http { rate-per-second = 100000, burst = 100000 }
                    roko.network.wan.admin-endpoint = on
                    akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = {{node.Port}} }
                    akka.cluster.seed-nodes = [{{seeds}}]
                    akka.loglevel = INFO
                    {{hoconOf?.Invoke(i) ?? ""}}
                    """);
                nodes.Add(node);
            }
            var genesis = GenesisFile.Load(Path.Combine(root, "genesis.json"));
            var accounts = Directory.GetFiles(Path.Combine(root, "accounts"), "account-*.key").Order(StringComparer.Ordinal).Select(KeyFile.Load).ToList();
            var network = new ChaosNetwork(dir, output, nodes, genesis, accounts);
            foreach (var node in nodes) network.Launch(node);
            launched?.Invoke(network);
            foreach (var node in nodes) await network.WaitReadyAsync(node);
            return network;
        }
        catch
        {
            dir.Dispose();
            throw;
        }
    }

    public IEnumerable<ChaosNode> Running => Nodes.Where(n => n.Running);

    private void Launch(ChaosNode node)
    {
        var old = node.Process;
        if (old is not null) node.Logs.Add(old.Stderr);
        // The load generator reads node.Process concurrently: swap in the new process before disposing the old one.
        node.Process = RokoProcess.Start("node", "--config", node.ConfigPath);
        old?.Dispose();
        _output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} started {node} (pid {node.Process.ProcessId})");
    }

    /// <summary>SIGKILL: the node crashes with whatever it had not yet persisted.</summary>
    public void Kill(ChaosNode node)
    {
        node.Process?.KillHard();
        _output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} killed {node} (SIGKILL)");
    }

    /// <summary>Starts a stopped or killed node again with its config and data, and waits until it is ready.</summary>
    public async Task RestartAsync(ChaosNode node)
    {
        if (node.Running) throw new InvalidOperationException($"{node} still runs");
        Launch(node);
        await WaitReadyAsync(node);
    }

    private async Task WaitReadyAsync(ChaosNode node)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (await HealthAsync(node) is not { Ready: true })
        {
            if (!node.Running) throw new InvalidOperationException($"{node} exited during start-up:\n{node.Process?.Stderr}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{node} not ready within {StartTimeout}:\n{node.Process?.Stderr}");
            await Task.Delay(PollInterval);
        }
    }

    public sealed record Health(bool Ready, ulong? Height, string? Head);

    /// <summary>The node's GET /health, or null when it does not answer.</summary>
    public async Task<Health?> HealthAsync(ChaosNode node)
    {
        try
        {
            using var response = await Http.GetAsync(new Uri(node.Http, "/health"));
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var root = json.RootElement;
            return new Health(root.GetProperty("ready").GetBoolean(),
                root.TryGetProperty("height", out var h) && h.ValueKind == JsonValueKind.Number ? h.GetUInt64() : null,
                root.TryGetProperty("head", out var head) && head.ValueKind == JsonValueKind.String ? head.GetString() : null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The body of one of the node's GET endpoints as it answers now (for a failure's report), or why there is none.</summary>
    public async Task<string> AnswerAsync(ChaosNode node, string path)
    {
        try
        {
            return await Http.GetStringAsync(new Uri(node.Http, path));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"(no answer: {e.Message})";
        }
    }

    /// <summary>The node's GET /time as (earliest, latest) Unix nanoseconds, or null when unbounded or unanswered.</summary>
    public async Task<(long Earliest, long Latest)?> TimeAsync(ChaosNode node)
    {
        try
        {
            using var json = JsonDocument.Parse(await Http.GetStringAsync(new Uri(node.Http, "/time")));
            var root = json.RootElement;
            if (!root.GetProperty("bounded").GetBoolean()) return null;
            return (long.Parse(root.GetProperty("earliestUnixNanos").GetString()!), long.Parse(root.GetProperty("latestUnixNanos").GetString()!));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
        {
            return null;
        }
    }

    /// <summary>POST /admin/wan/cut with no body: the node's emulated WAN drops every overlay message to and from its peers.</summary>
    public async Task CutOffAsync(ChaosNode node)
    {
        await AdminWanAsync(node, "cut", expectAllPeers: true);
        _output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} cut off {node} (WAN)");
    }

    /// <summary>POST /admin/wan/heal: every link of the node carries traffic again.</summary>
    public async Task HealAsync(ChaosNode node)
    {
        await AdminWanAsync(node, "heal", expectAllPeers: false);
        _output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} healed {node} (WAN)");
    }

    private async Task AdminWanAsync(ChaosNode node, string action, bool expectAllPeers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(node.Http, "/admin/wan/" + action));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        using var response = await Http.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"POST /admin/wan/{action} on {node}: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        if (json.RootElement.GetProperty("allPeers").GetBoolean() != expectAllPeers)
            throw new InvalidOperationException($"POST /admin/wan/{action} on {node} answered {body}");
    }

    public sealed record Alert(string Name, string Phase, double? Value);

    /// <summary>The node's GET /alerts (pending and firing), or null when it does not answer.</summary>
    public async Task<IReadOnlyList<Alert>?> AlertsAsync(ChaosNode node)
    {
        try
        {
            using var json = JsonDocument.Parse(await Http.GetStringAsync(new Uri(node.Http, "/alerts")));
            return [.. json.RootElement.GetProperty("alerts").EnumerateArray().Select(a => new Alert(a.GetProperty("name").GetString()!,
                a.GetProperty("phase").GetString()!, a.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null))];
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The value of the first sample of the node's GET /metrics (e.g. roko_time_drift_seconds), or null.</summary>
    public async Task<double?> MetricAsync(ChaosNode node, string name)
    {
        try
        {
            string text = await Http.GetStringAsync(new Uri(node.Http, "/metrics"));
            // The meter's tags are labels on every series: name{node="…",…} value
            var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal) || l.StartsWith(name + "{", StringComparison.Ordinal));
            return line is null ? null : double.Parse(line[(line.LastIndexOf(' ') + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or FormatException)
        {
            return null;
        }
    }

    public async Task<ulong> HeightAsync(ChaosNode node) => (await HealthAsync(node))?.Height ?? 0;

    /// <summary>Waits until every node in <paramref name="nodes"/> reports a height of at least <paramref name="height"/>.</summary>
    public async Task WaitForHeightAsync(IEnumerable<ChaosNode> nodes, ulong height, TimeSpan timeout, string why)
    {
        var deadline = DateTime.UtcNow + timeout;
        foreach (var node in nodes)
        {
            ulong seen;
            while ((seen = await HeightAsync(node)) < height)
            {
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"{why}: {node} is at height {seen}, not {height}, after {timeout}\n{node.Process?.Stderr[^Math.Min(4000, node.Process.Stderr.Length)..]}");
                await Task.Delay(PollInterval);
            }
        }
    }

    /// <summary>The highest height any running node reports.</summary>
    public async Task<ulong> HeadAsync()
    {
        ulong best = 0;
        foreach (var node in Running) best = Math.Max(best, await HeightAsync(node));
        return best;
    }

    /// <summary>Stops every running node with SIGTERM (graceful: it leaves the cluster and closes its journal).</summary>
    public async Task StopAllAsync()
    {
        await Task.WhenAll(Running.Select(async n => await n.Process!.TerminateAsync(TimeSpan.FromSeconds(60))));
        foreach (var node in Nodes)
            if (node.Process is { } p) { node.Logs.Add(p.Stderr); node.Process = null; p.Dispose(); }
    }

    private static List<int> FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        foreach (var l in listeners) l.Start();
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToList();
        foreach (var l in listeners) l.Stop();
        return ports;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            var p = node.Process;
            node.Process = null;
            p?.Dispose();
        }
        Http.Dispose();
        _dir.Dispose();
        await Task.CompletedTask;
    }
}
