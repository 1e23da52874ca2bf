using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Roko.Actors.Tests.Chaos;
using Roko.Actors.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.Deploy;

/// <summary>
/// The deployments' own configs start a cluster with mutual TLS on, as real `roko node` processes on loopback:
/// deploy/k8s/make-keys.sh makes the network (genesis, CA, a certificate per pod naming its key); pod roko-na-0 runs on
/// deploy/k8s/node.conf with its StatefulSet's init container and arguments (mount points mapped to a temp dir, the
/// address to 127.0.0.1); roko-eu-0 is installed by deploy/systemd/install.sh into a temp root and runs on the
/// node.conf it rendered. A third node holds a certificate from the same CA that names roko-eu-0's key while its
/// handshake proves its own: it is refused (logged, counted in /metrics) and downed by whichever honest node
/// handshakes with it first.
/// </summary>
[Collection(ChaosCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class DeployedTlsClusterSpec(ITestOutputHelper output)
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(3);

    [GeneratedRegex(@"args: \[(.*?)\]", RegexOptions.Singleline)]
    private static partial Regex ArgsList();

    [GeneratedRegex("\"([^\"]*)\"")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"name: install-key.*?command: \[""sh"", ""-c"", ""([^""]*)""\]", RegexOptions.Singleline)]
    private static partial Regex InitCommand();

    [Fact]
    public async Task Deployment_configs_should_start_a_tls_cluster_and_refuse_a_node_whose_certificate_names_another_key()
    {
        var watch = Stopwatch.StartNew();
        using var dir = new TempDirectory();
        string roko = dir.Combine("roko");
        await File.WriteAllTextAsync(roko, $"#!/bin/sh\nexec dotnet {Path.Combine(AppContext.BaseDirectory, "roko.dll")} \"$@\"\n");
        File.SetUnixFileMode(roko, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        // The network, twice: the second run keeps everything.
        string net = dir.Combine("k8s-net");
        var keys = await RunAsync(roko, "deploy/k8s/make-keys.sh", "--out", net, "--per-region", "1");
        Assert.True(keys.ExitCode == 0, keys.Output);
        byte[] naCertificate = await File.ReadAllBytesAsync(Path.Combine(net, "secret", "roko-na-0.pfx"));
        var again = await RunAsync(roko, "deploy/k8s/make-keys.sh", "--out", net, "--per-region", "1");
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Contains("keeping the network CA", again.Output);
        Assert.Equal(naCertificate, await File.ReadAllBytesAsync(Path.Combine(net, "secret", "roko-na-0.pfx")));

        int[] ports = [FreePort(), FreePort(), FreePort()];
        int[] httpPorts = [FreePort(), FreePort(), FreePort()];
        string[] seeds = [$"akka.ssl.tcp://roko@127.0.0.1:{ports[0]}", $"akka.ssl.tcp://roko@127.0.0.1:{ports[1]}"];
        var nodes = new List<RokoProcess>();
        try
        {
            var na = StartKubernetesPod(roko, net, dir.Combine("pod-na"), "roko-na-0", "na", ports[0], httpPorts[0], seeds);
            nodes.Add(na);
            var eu = await StartSystemdNodeAsync(roko, net, dir.Combine("host-eu"), "roko-eu-0", "eu", validator: 1, ports[1], httpPorts[1], seeds);
            nodes.Add(eu);

            await na.WaitForStderrAsync(l => l.Contains($"Peer akka.ssl.tcp://roko@127.0.0.1:{ports[1]} established"), Generous, "na-0 established with eu-0 over TLS");
            await eu.WaitForStderrAsync(l => l.Contains($"Peer akka.ssl.tcp://roko@127.0.0.1:{ports[0]} established"), Generous, "eu-0 established with na-0 over TLS");
            output.WriteLine($"k8s pod and systemd node established over mutual TLS after {watch.Elapsed.TotalSeconds:F1} s");

            // The impostor: validator 2's node key, but its certificate (from the network CA) names roko-eu-0's key.
            // install.sh keeps a certificate already in place, as it would keep a stolen one an attacker put there.
            string impostorRoot = dir.Combine("host-apac");
            var stolen = await RunAsync(roko, null, "certs", "node", "--ca", Path.Combine(net, "ca"), "--name", "roko-apac-0",
                "--node-key", Path.Combine(net, "net", "validator-1", "node.key"), "--out", Path.Combine(impostorRoot, "etc", "roko", "tls"));
            Assert.True(stolen.ExitCode == 0, stolen.Output);
            var impostor = await StartSystemdNodeAsync(roko, net, impostorRoot, "roko-apac-0", "apac", validator: 2, ports[2], httpPorts[2], seeds);
            nodes.Add(impostor);

            // Whichever honest node completes its handshake with the impostor first refuses and downs it; once it is
            // down the other may never get as far as a handshake, so either one may be the judge.
            var refusing = Stopwatch.StartNew();
            string refusal = $"Refusing peer akka.ssl.tcp://roko@127.0.0.1:{ports[2]}";
            string downing = $"Downing akka.ssl.tcp://roko@127.0.0.1:{ports[2]}";
            bool Judged(RokoProcess node) =>
                node.Stderr.Split('\n').Any(l => l.Contains(refusal) && l.Contains("CertificateKeyMismatch")) && node.Stderr.Contains(downing);
            var deadline = DateTime.UtcNow + Generous;
            while (!Judged(na) && !Judged(eu))
            {
                Assert.True(DateTime.UtcNow < deadline, $"neither na-0 nor eu-0 refused and downed the impostor within {Generous}");
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
            var (judge, judgeHttp) = Judged(na) ? (na, httpPorts[0]) : (eu, httpPorts[1]);
            using var http = new HttpClient();
            string metrics = await http.GetStringAsync($"http://127.0.0.1:{judgeHttp}/metrics");
            Assert.Matches(@"roko_handshakes_refused_total\{[^}]*reason=""certificate_key_mismatch""[^}]*\} [1-9]", metrics);
            Assert.DoesNotContain($"Peer akka.ssl.tcp://roko@127.0.0.1:{ports[2]} established", na.Stderr);
            Assert.DoesNotContain($"Peer akka.ssl.tcp://roko@127.0.0.1:{ports[2]} established", eu.Stderr);
            output.WriteLine($"impostor refused and downed by {(judge == na ? "na-0" : "eu-0")} {refusing.Elapsed.TotalSeconds:F1} s after it started; " +
                             judge.Stderr.Split('\n').First(l => l.Contains("CertificateKeyMismatch")));
            output.WriteLine($"whole spec {watch.Elapsed.TotalSeconds:F1} s");
        }
        catch
        {
            foreach (var node in nodes) output.WriteLine($"==== node stderr (last 4000 chars)\n{Tail(node.Stderr)}");
            throw;
        }
        finally
        {
            await Task.WhenAll(nodes.Select(StopAsync));
            foreach (var node in nodes) node.Dispose();
        }
    }

    /// <summary>
    /// Pod <paramref name="pod"/> as its StatefulSet runs it: the init container's command with /keys (the Secret) and
    /// /var/lib/roko (the data volume) mapped into <paramref name="podRoot"/>, node.conf as the ConfigMap mounts it
    /// (same mapping), and the container's arguments with $(POD_NAME) expanded and the pod's address on loopback.
    /// </summary>
    private RokoProcess StartKubernetesPod(string roko, string net, string podRoot, string pod, string region, int port, int httpPort, string[] seeds)
    {
        string manifest = File.ReadAllText(RepositoryRoot.Combine("deploy", "k8s", $"region-{region}.yaml"));
        string data = Path.Combine(podRoot, "var", "lib", "roko");
        Directory.CreateDirectory(data);
        string init = InitCommand().Match(manifest).Groups[1].Value
            .Replace("$(POD_NAME)", pod).Replace("/keys/", Path.Combine(net, "secret") + "/").Replace("/var/lib/roko", data);
        Assert.Contains("node.pfx", init);
        using (var sh = Process.Start("sh", ["-c", init])) sh.WaitForExit();
        string config = Path.Combine(podRoot, "node.conf");
        File.WriteAllText(config, File.ReadAllText(RepositoryRoot.Combine("deploy", "k8s", "node.conf")).Replace("\"/var/lib/roko", "\"" + data));

        var args = Quoted().Matches(ArgsList().Match(manifest).Groups[1].Value)
            .Select(m => m.Groups[1].Value.Replace("$(POD_NAME)", pod).Replace("$(POD_FQDN)", "127.0.0.1").Replace("$(POD_IP)", "127.0.0.1"))
            .Select(a => a == "/etc/roko/node.conf" ? config : a)
            .ToList();
        return RokoProcess.Start([.. args, .. Loopback(port, httpPort, seeds)]);
    }

    /// <summary>A host set up by deploy/systemd/install.sh (run twice: the second run keeps everything), started as its unit does.</summary>
    private async Task<RokoProcess> StartSystemdNodeAsync(string roko, string net, string root, string name, string region, int validator,
        int port, int httpPort, string[] seeds)
    {
        string data = Path.Combine(root, "var", "lib", "roko", "node");
        Directory.CreateDirectory(data);
        foreach (string file in new[] { "node.key", "genesis.json" })
        {
            string target = Path.Combine(data, file);
            File.Copy(Path.Combine(net, "net", $"validator-{validator}", file), target);
            if (file == "node.key") File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        string[] install = ["--root", root, "--name", name, "--region", region, "--hostname", "127.0.0.1", "--port", port.ToString(),
            "--http-port", httpPort.ToString(), "--seeds", string.Join(",", seeds), "--ca", Path.Combine(net, "ca")];
        var first = await RunAsync(roko, "deploy/systemd/install.sh", install);
        Assert.True(first.ExitCode == 0, first.Output);
        var second = await RunAsync(roko, "deploy/systemd/install.sh", install);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("keeping", second.Output);
        string config = Path.Combine(root, "etc", "roko", "node.conf");
        Assert.Contains("enabled = on", await File.ReadAllTextAsync(config));
        // The unit's ExecStart: roko node --config /etc/roko/node.conf --data-dir /var/lib/roko/node (under the root).
        return RokoProcess.Start(["node", "--config", config, "--data-dir", data, .. Clock()]);
    }

    /// <summary>
    /// Where a loopback test differs from a deployment: addresses, ports, and the test machine's clock. The pod joins
    /// through --seed, as an operator mixing it with systemd hosts (static seeds) would: --seed replaces node.conf's
    /// Cluster Bootstrap, whose kubernetes-api discovery needs a Kubernetes API (MultiNode/ClusterBootstrapSpec forms a
    /// TLS cluster through bootstrap).
    /// </summary>
    private static string[] Loopback(int port, int httpPort, string[] seeds) =>
    [
        "--set", "akka.remote.dot-netty.tcp.bind-hostname=127.0.0.1", "--set", $"akka.remote.dot-netty.tcp.port={port}",
        "--set", "roko.http.host=127.0.0.1", "--set", $"roko.http.port={httpPort}",
        .. seeds.SelectMany(s => new[] { "--seed", s }), .. Clock(),
    ];

    private static string[] Clock() =>
        ["--set", "roko.clock.source=system", "--set", "roko.clock.assumed-uncertainty=10ms", "--set", "roko.validator.require-time-card=off"];

    private async Task<(int ExitCode, string Output)> RunAsync(string roko, string? script, params string[] args)
    {
        var info = new ProcessStartInfo(script is null ? roko : "bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (script is not null) info.ArgumentList.Add(RepositoryRoot.Combine(script.Split('/')));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["ROKO"] = roko;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(Generous);
        await process.WaitForExitAsync(cancel.Token);
        string text = await stdout + await stderr;
        output.WriteLine($"$ {script ?? "roko"} {string.Join(' ', args)}\n{text}");
        return (process.ExitCode, text);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task StopAsync(RokoProcess node)
    {
        try
        {
            await node.TerminateAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            node.KillHard();
        }
    }

    private static string Tail(string text) => text.Length > 4000 ? text[^4000..] : text;
}
