using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Roko.Actors.Crypto;
using Roko.Actors.Devnet;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Network.Tls;
using Roko.Actors.Nodes;
using Roko.Actors.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static Roko.Actors.Nodes.NodeGuardianProtocol;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// Cluster Bootstrap forms the cluster of real validators (<see cref="RokoNode"/>s in this process, Akka.Remote over
/// loopback with mutual TLS on): no seed list and no programmatic join, only config discovery of the three nodes'
/// management endpoints. One node forms the cluster, the other two find it through their contact points and join it.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class ClusterBootstrapSpec : IAsyncLifetime
{
    private const int Validators = 3;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan CertificateValidity = TimeSpan.FromDays(1);

    /// <summary>Loopback timings: the contact point list is fixed, so a short stable margin guards nothing away.</summary>
    private const string BootstrapHocon = """
        roko.cluster {
          formation = bootstrap
          bootstrap {
            discovery = config
            required-contact-points = 3
            stable-margin = 1s
            discovery-interval = 500ms
            probe-interval = 1s
          }
        }
        akka.loglevel = INFO
        """;

    private readonly ITestOutputHelper _output;
    private readonly TempDirectory _dir = new();
    private readonly List<RokoNode> _nodes = [];
    private readonly ConcurrentQueue<string> _log = new();

    public ClusterBootstrapSpec(ITestOutputHelper output)
    {
        _output = output;
        TestOutputLogger.Sink = line =>
        {
            _log.Enqueue(line);
            try
            {
                output.WriteLine(line);
            }
            catch (InvalidOperationException)
            {
                // the spec already finished
            }
        };
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync();
        _dir.Dispose();
    }

    private static readonly Config BaseConfig = ConfigurationFactory.ParseString(BootstrapHocon)
        .WithFallback(ConfigurationFactory.ParseString(ValidatorNetwork.TestHocon))
        .WithFallback(ConfigurationFactory.ParseString(ClusterHarness.TestHocon));

    [Fact]
    public async Task Cluster_bootstrap_should_form_one_tls_cluster_of_three_validators_from_config_discovery_without_seed_nodes()
    {
        var watch = Stopwatch.StartNew();
        var layout = CreateNetwork();
        var baseConfig = BaseConfig;
        string ca = CreateCa(DateTimeOffset.UtcNow);

        int[] managementPorts = [.. Enumerable.Range(0, Validators).Select(_ => FreePort())];
        string contactPoints = string.Join(", ", managementPorts.Select(p => $"\"127.0.0.1:{p}\""));
        for (int i = 0; i < Validators; i++)
        {
            string name = DevnetLayout.ValidatorName(i);
            string nodeDir = layout.NodeDir(name);
            var config = ConfigurationFactory.ParseString($"""
                roko.node.name = {RokoConfig.Quote(name)}
                roko.node.role = validator
                roko.node.region = {DevnetLayout.RegionOf(i)}
                roko.node.data-dir = {RokoConfig.Quote(nodeDir)}
                roko.cluster.bootstrap.management.port = {managementPorts[i]}
                roko.cluster.bootstrap.contact-points = [{contactPoints}]
                {TlsHocon(ca, IssueNode(ca, name, KeyFile.Load(Path.Combine(nodeDir, DevnetLayout.KeyFileName)).PublicKey))}
                # no trttl adapter: bootstrap hands out plain akka.ssl.tcp addresses
                akka.remote.dot-netty.tcp.applied-adapters = []
                """).WithFallback(baseConfig);
            _nodes.Add(RokoNode.Start(config));
        }
        Assert.All(_nodes, n => Assert.Equal("akka.ssl.tcp", n.Address.Protocol));
        Assert.All(_nodes, n => Assert.Empty(n.System.Settings.Config.GetStringList("akka.cluster.seed-nodes")));
        Assert.All(_nodes, n => Assert.NotNull(ClusterFormation.Of(n.System)?.ManagementEndpoint));

        var formed = await Eventually.AwaitAssertAsync(() =>
        {
            foreach (var node in _nodes)
            {
                var up = Cluster.Get(node.System).State.Members.Where(m => m.Status == MemberStatus.Up).Select(m => m.Address).ToHashSet();
                Assert.Equal(_nodes.Select(n => n.Address).ToHashSet(), up);
            }
        }, Generous);
        _output.WriteLine($"three validators Up in one cluster {formed.TotalSeconds:F1} s after the last one started ({watch.Elapsed.TotalSeconds:F1} s in all)");

        // One cluster: every node names the same leader, and exactly one node formed it (the lowest endpoint).
        Assert.Single(_nodes.Select(n => Cluster.Get(n.System).State.Leader).Distinct());
        var selfJoins = _log.Where(l => l.Contains("Initiating new cluster, self-joining", StringComparison.Ordinal)).ToList();
        Assert.True(selfJoins.Count == 1, $"{selfJoins.Count} nodes formed a cluster:\n{string.Join("\n", selfJoins)}");
        var lowest = _nodes[Array.IndexOf(managementPorts, managementPorts.Min())];
        Assert.Contains(lowest.Address.ToString(), selfJoins[0]);
        Assert.Equal(Validators - 1, _log.Count(l => l.Contains("to existing cluster", StringComparison.Ordinal)));
        Assert.Equal(Validators, _log.Count(l => l.Contains("cluster formation: Cluster Bootstrap: config discovery", StringComparison.Ordinal)));

        // The cluster the bootstrap formed is the validators' network: all three commit blocks (> 2/3 of the stake).
        foreach (var node in _nodes) await node.WaitUntilReadyAsync(Generous);
        var committed = await Eventually.AwaitAssertAsync(async () =>
        {
            foreach (var node in _nodes)
            {
                var status = await node.Guardian.Ask<NodeStatus>(GetNodeStatus.Instance, TimeSpan.FromSeconds(5));
                Assert.True(status.Tip!.Height >= 2, $"{node.Settings.Name} at height {status.Tip.Height}");
            }
        }, Generous);
        _output.WriteLine($"all three past height 1 {committed.TotalSeconds:F1} s later; whole spec {watch.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public void A_node_should_refuse_to_start_naming_the_setting_when_its_management_port_is_taken()
    {
        var layout = CreateNetwork();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;
        string name = DevnetLayout.ValidatorName(0);
        var config = ConfigurationFactory.ParseString($"""
            roko.node.name = {RokoConfig.Quote(name)}
            roko.node.data-dir = {RokoConfig.Quote(layout.NodeDir(name))}
            roko.cluster.bootstrap.management.port = {port}
            roko.cluster.bootstrap.contact-points = ["127.0.0.1:{port}"]
            roko.cluster.bootstrap.required-contact-points = 1
            """).WithFallback(BaseConfig);

        var e = Assert.Throws<IOException>(() => RokoNode.Start(config));
        Assert.StartsWith("roko.cluster.bootstrap.management: cannot serve the management endpoint on 127.0.0.1:" + port, e.Message);
        _output.WriteLine(e.Message);
    }

    private DevnetLayout CreateNetwork()
    {
        var layout = new DevnetLayout(_dir.Combine("net"));
        var genesisSettings = GenesisSettings.Create(ConfigurationFactory.ParseString("roko.genesis { chain-id = \"roko-bootstrap\", accounts = 2 }")
            .WithFallback(BaseConfig).WithFallback(RokoConfig.Defaults));
        layout.Create(Validators, genesisSettings, NanoMoment.FromDateTime(DateTime.UtcNow));
        return layout;
    }

    private string CreateCa(DateTimeOffset now)
    {
        using var ca = DevnetCertificateAuthority.CreateCa("bootstrap-ca", now, CertificateValidity);
        return CertificateFiles.WriteCa(_dir.Combine("ca"), ca).Certificate;
    }

    private string IssueNode(string caCertificate, string nodeName, PublicKey nodeKey)
    {
        string caDirectory = Path.GetDirectoryName(caCertificate)!;
        using var ca = CertificateFiles.LoadCaWithKey(caDirectory);
        using var node = DevnetCertificateAuthority.IssueNode(ca, nodeName, nodeKey, DateTimeOffset.UtcNow, CertificateValidity);
        return CertificateFiles.WriteNode(Path.Combine(caDirectory, "nodes"), nodeName, node, password: "").Pkcs12;
    }

    private static string TlsHocon(string caCertificate, string nodePkcs12) =>
        $"{TlsSettings.Path} {{ enabled = on, ca-certificate = {RokoConfig.Quote(caCertificate)}, node-certificate = {RokoConfig.Quote(nodePkcs12)} }}";

    /// <summary>A port the OS just handed out: Cluster Bootstrap cannot use port 0 (a node finds itself among the endpoints by its port).</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
