using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Remote.Transport.DotNetty;
using Roko.Actors.Crypto;
using Roko.Actors.Monitoring;
using Roko.Actors.Network;
using Roko.Actors.Network.Overlay;
using Roko.Actors.Network.Tls;
using Roko.Actors.Nodes;
using Roko.Actors.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// Mutual TLS on real Akka.Remote links: certificates are created by the devnet CA code into a temp directory;
/// nodes with certificates from the network CA form a cluster, a node whose certificate comes from another CA
/// or that presents no client certificate is refused at the TLS handshake and never becomes a member.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class MutualTlsSpec : IAsyncLifetime
{
    private static readonly TimeSpan CertificateValidity = TimeSpan.FromDays(1);
    private static readonly TimeSpan RefusalObservation = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan ObservationInterval = TimeSpan.FromMilliseconds(200);

    private readonly ITestOutputHelper _output;
    private readonly ClusterHarness _harness;
    private readonly TempDirectory _certificates = new();
    private readonly ConcurrentQueue<string> _log = new();

    public MutualTlsSpec(ITestOutputHelper output)
    {
        _output = output;
        _harness = new ClusterHarness(output);
        var forward = TestOutputLogger.Sink;
        TestOutputLogger.Sink = line =>
        {
            _log.Enqueue(line);
            forward?.Invoke(line);
        };
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        _certificates.Dispose();
    }

    [Fact]
    public async Task Nodes_with_certificates_from_the_network_CA_should_form_a_cluster_and_a_node_from_another_CA_should_not_join()
    {
        var now = DateTimeOffset.UtcNow;
        string networkCa = CreateCa("network", now);
        string rogueCa = CreateCa("rogue", now);

        var na = await _harness.StartAsync("na-1", Region.NorthAmerica, hocon: TlsHocon(networkCa, IssueNode(networkCa, "na-1", now)));
        var eu = await _harness.StartAsync("eu-1", Region.Europe, hocon: TlsHocon(networkCa, IssueNode(networkCa, "eu-1", now)));
        Assert.All(_harness.Nodes, n => Assert.Contains("ssl.tcp", n.Address.Protocol));
        var joined = await _harness.JoinAllAsync(TimeSpan.FromSeconds(15));
        await _harness.AwaitSessionsAsync(TimeSpan.FromSeconds(10));
        _output.WriteLine($"two nodes over mutual TLS Up in {joined.TotalMilliseconds:F0} ms; protocol {na.Address.Protocol}");

        // The outsider trusts the network CA, so only the honest nodes' checks can keep it out.
        var outsider = await _harness.StartAsync("rogue-1", Region.AsiaPacific, hocon: TlsHocon(networkCa, IssueNode(rogueCa, "rogue-1", now)));
        await AssertNeverJoinsAsync(outsider, na, eu);

        var refusals = _log.Where(l => l.Contains("mTLS: refused peer") && l.Contains("CN=rogue-1")).ToList();
        Assert.NotEmpty(refusals);
        Assert.Contains(refusals, l => l.Contains(nameof(PeerCertificateRefusal.NotFromNetworkCa)));
        _output.WriteLine($"outsider refused {refusals.Count} time(s) in {RefusalObservation.TotalSeconds:F0} s; first: {refusals[0]}");
        foreach (var honest in new[] { na, eu })
            Assert.Equal(2, honest.Cluster.State.Members.Count(m => m.Status == MemberStatus.Up));
    }

    [Fact]
    public async Task A_node_whose_valid_certificate_names_another_nodes_key_should_be_refused_counted_and_downed()
    {
        var now = DateTimeOffset.UtcNow;
        string networkCa = CreateCa("network", now);
        using var naMetrics = new RokoMetrics("na-1");
        using var exposition = new PrometheusExposition(naMetrics.Meter);
        var na = await _harness.StartAsync("na-1", Region.NorthAmerica, hocon: TlsHocon(networkCa, IssueNode(networkCa, "na-1", now)), metrics: naMetrics);
        var eu = await _harness.StartAsync("eu-1", Region.Europe, hocon: TlsHocon(networkCa, IssueNode(networkCa, "eu-1", now)));
        await _harness.JoinAllAsync(TimeSpan.FromSeconds(15));
        await _harness.AwaitSessionsAsync(TimeSpan.FromSeconds(10));

        // A certificate from the network CA, valid in every other respect, but naming eu-1's node key; the impostor's
        // handshake proves its own key (SigningKey.FromSeed("impostor-1")).
        string stolen = IssueNode(networkCa, "impostor-1", now, keyOf: "eu-1");
        // A hostile node does not shut itself down when downed. (One that did would close its channels while an honest node
        // is still connecting to it: Akka.Remote 1.5.75 stops a node whose outbound TLS handshake fails, docs/network.md.)
        var impostor = await _harness.StartAsync("impostor-1", Region.AsiaPacific,
            hocon: "akka.cluster.run-coordinated-shutdown-when-down = off\n" + TlsHocon(networkCa, stolen));
        var watch = Stopwatch.StartNew();
        impostor.Cluster.Join(na.Address);

        await Eventually.AwaitAssertAsync(() =>
        {
            Assert.Contains(_log, l => l.Contains("Refusing peer") && l.Contains(nameof(HandshakeRefusal.CertificateKeyMismatch))
                                        && l.Contains(impostor.Identity.Key.PublicKey.ToString()));
            Assert.Contains("roko_handshakes_refused_total{node=\"na-1\",reason=\"certificate_key_mismatch\"}", exposition.Render(), StringComparison.Ordinal);
            // Downed although the honest nodes are only two: a certificate naming another key is never our own misconfiguration.
            Assert.Contains(_log, l => l.Contains("Downing") && l.Contains(nameof(HandshakeRefusal.CertificateKeyMismatch)));
            foreach (var honest in new[] { na, eu })
                Assert.DoesNotContain(honest.Cluster.State.Members, m => m.Address == impostor.Address && m.Status is MemberStatus.Up or MemberStatus.Joining or MemberStatus.WeaklyUp);
        }, TimeSpan.FromSeconds(20));
        _output.WriteLine($"impostor refused (CertificateKeyMismatch), counted and downed within {watch.ElapsedMilliseconds} ms; " +
                          _log.First(l => l.Contains(nameof(HandshakeRefusal.CertificateKeyMismatch))));
        foreach (var honest in new[] { na, eu })
            Assert.True(honest.Cluster.State.Members.Count(m => m.Status == MemberStatus.Up) == 2,
                $"{honest.Address} sees " + string.Join(", ", honest.Cluster.State.Members.Select(m => $"{m.Address} {m.Status}")) +
                $"; shutdown reason: {CoordinatedShutdown.Get(honest.System).ShutdownReason}");
    }

    [Fact]
    public async Task A_node_that_presents_no_client_certificate_should_not_join()
    {
        var now = DateTimeOffset.UtcNow;
        string networkCa = CreateCa("network", now);
        var na = await _harness.StartAsync("na-1", Region.NorthAmerica, hocon: TlsHocon(networkCa, IssueNode(networkCa, "na-1", now)));
        await _harness.JoinAllAsync(TimeSpan.FromSeconds(15));

        // TLS on, even a certificate from the network CA for its own server side, but as a client it presents none
        // (mutual authentication off) and it skips validating the server.
        string outsiderPkcs12 = IssueNode(networkCa, "no-client-cert", now);
        var outsider = await _harness.StartAsync("no-client-cert", Region.Europe, setup: config =>
            BootstrapSetup.Create().WithConfig(MutualTls.Overlay.WithFallback(config)).And(
                new DotNettySslSetup(CertificateFiles.LoadNode(outsiderPkcs12, "", ""), suppressValidation: true, requireMutualAuthentication: false)));
        Assert.Contains("ssl.tcp", outsider.Address.Protocol);
        await AssertNeverJoinsAsync(outsider, na);

        var refusals = _log.Where(l => l.Contains("did not provide a certificate")).ToList();
        Assert.NotEmpty(refusals);
        _output.WriteLine($"client without certificate refused {refusals.Count} time(s); first: {refusals[0]}");
        Assert.Single(na.Cluster.State.Members, m => m.Status == MemberStatus.Up);
    }

    /// <summary>The outsider asks to join and, for <see cref="RefusalObservation"/>, is never a member in the honest nodes' view nor sees them Up.</summary>
    private static async Task AssertNeverJoinsAsync(ClusterNode outsider, params ClusterNode[] honestNodes)
    {
        outsider.Cluster.Join(honestNodes[0].Address);
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < RefusalObservation)
        {
            foreach (var honest in honestNodes)
            {
                Assert.DoesNotContain(honest.Cluster.State.Members, m => m.Address == outsider.Address);
                Assert.DoesNotContain(outsider.Cluster.State.Members, m => m.Address == honest.Address && m.Status == MemberStatus.Up);
            }
            await Task.Delay(ObservationInterval);
        }
    }

    private string CreateCa(string name, DateTimeOffset now)
    {
        string directory = _certificates.Combine(name);
        using var ca = DevnetCertificateAuthority.CreateCa(name + "-ca", now, CertificateValidity);
        return CertificateFiles.WriteCa(directory, ca).Certificate;
    }

    /// <summary>A certificate for <paramref name="nodeName"/> naming the harness key of <paramref name="keyOf"/> (default: its own).</summary>
    private string IssueNode(string caCertificate, string nodeName, DateTimeOffset now, string? keyOf = null)
    {
        string caDirectory = Path.GetDirectoryName(caCertificate)!;
        using var ca = CertificateFiles.LoadCaWithKey(caDirectory);
        using var node = DevnetCertificateAuthority.IssueNode(ca, nodeName, SigningKey.FromSeed(keyOf ?? nodeName).PublicKey, now, CertificateValidity);
        return CertificateFiles.WriteNode(Path.Combine(caDirectory, "nodes"), nodeName, node, password: "").Pkcs12;
    }

    private static string TlsHocon(string caCertificate, string nodePkcs12) =>
        $"{TlsSettings.Path} {{ enabled = on, ca-certificate = {RokoConfig.Quote(caCertificate)}, node-certificate = {RokoConfig.Quote(nodePkcs12)} }}";
}
