using System.Text.RegularExpressions;
using Akka.Actor;
using Akka.Configuration;
using Roko.Actors.Monitoring;
using Roko.Actors.Network;
using Roko.Actors.Nodes;
using Roko.Actors.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// One running validator that <see cref="GuardedServicesSpec"/>'s specs share (started once for all of them), the
/// counters of its /metrics, and remote-only client ActorSystems bound to distinct loopback addresses, so the node's
/// guard tells them apart: the honest client on 127.0.0.2 (<see cref="Honest"/>), each spec's flooder on its own.
/// The ClusterClient and pub-sub paths run tighter limits than the defaults (40/s, burst 80), so a flood of a few
/// thousand messages crosses them within a couple of seconds; block sync keeps its default (20/s, burst 40), and polls
/// peers often with a short cooldown, so a lying peer is asked again and again.
/// </summary>
public sealed class GuardedValidator : IAsyncLifetime
{
    public const string HonestHost = "127.0.0.2";

    private const string Hocon = """
        roko.network.ddos {
          cluster-client { rate-per-second = 40, burst = 80 }
          pub-sub { rate-per-second = 40, burst = 80 }
        }
        roko.sync {
          poll-interval = 200ms
          peer-cooldown = 300ms
        }
        """;

    private readonly RedirectedOutput _output = new();
    private readonly List<ActorSystem> _clients = [];
    private ValidatorNetwork? _network;
    private PrometheusExposition? _metrics;

    public ValidatorNetwork.Validator Validator => _network!.Nodes[0];
    public RokoNode Node => Validator.Node;
    public NodeGuard Guard => Node.Services.Guard;
    public ActorSystem Honest { get; private set; } = null!;

    /// <summary>Where the node's and the clients' log lines go: the running spec's output.</summary>
    public void WriteTo(ITestOutputHelper output) => _output.Target = output;

    public async Task InitializeAsync()
    {
        _network = new ValidatorNetwork(_output);
        await _network.StartAsync(1, hocon: ConfigurationFactory.ParseString(Hocon));
        _metrics = new PrometheusExposition(Node.Services.Metrics.Meter);
        await _network.AwaitHeightAsync(3, TimeSpan.FromSeconds(60));
        Honest = StartClient("honest", HonestHost);
    }

    /// <summary>
    /// A client system outside the cluster (provider = remote) whose remoting binds <paramref name="host"/>, so its
    /// connections to the node come from that address; the roko wire serializer and Akka.Cluster.Tools' serializers.
    /// </summary>
    public ActorSystem StartClient(string name, string host)
    {
        var system = ActorSystem.Create(name, ClientSystemConfig.For(host));
        return Track(system);
    }

    /// <summary>Terminates <paramref name="system"/> with the fixture.</summary>
    public ActorSystem Track(ActorSystem system)
    {
        lock (_clients) _clients.Add(system);
        return system;
    }

    /// <summary>A counter of the node's /metrics for one guarded path (0 when it has not counted anything there yet).</summary>
    public long Count(string metric, GuardPath path)
    {
        var match = Regex.Match(_metrics!.Render(), $@"^{Regex.Escape(metric)}\{{[^}}]*path=""{path.Label()}""[^}}]*\}} (\d+)$", RegexOptions.Multiline);
        return match.Success ? long.Parse(match.Groups[1].Value) : 0;
    }

    /// <summary>What the guard refused on <paramref name="path"/>: rate-limited plus refused while blacklisted.</summary>
    public long Refused(GuardPath path) => Count("roko_ddos_rate_limited_total", path) + Count("roko_ddos_blacklisted_refusals_total", path);

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            try
            {
                await client.Terminate().WaitAsync(TimeSpan.FromSeconds(15));
            }
            catch (TimeoutException)
            {
                // a client that cannot stop in time is abandoned; the test process ends it
            }
        }
        _metrics?.Dispose();
        if (_network is not null) await _network.DisposeAsync();
    }

    /// <summary>Test output that follows whichever spec is running (a class fixture gets no output of its own).</summary>
    private sealed class RedirectedOutput : ITestOutputHelper
    {
        public ITestOutputHelper? Target { get; set; }

        public void WriteLine(string message)
        {
            try
            {
                Target?.WriteLine(message);
            }
            catch (InvalidOperationException)
            {
                // the spec already finished
            }
        }

        public void WriteLine(string format, params object[] args) => WriteLine(string.Format(format, args));
    }
}
