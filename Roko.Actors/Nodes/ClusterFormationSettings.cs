using System.Net;
using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Network;

namespace Roko.Actors.Nodes;

/// <summary>How a node finds its cluster (<c>roko.cluster.formation</c>).</summary>
public enum ClusterFormationMode
{
    /// <summary>Join <c>akka.cluster.seed-nodes</c>; with none, whoever hosts the node joins it (roko node: a new cluster at itself).</summary>
    SeedNodes,
    /// <summary>Akka.Management's Cluster Bootstrap over <see cref="ContactPointDiscovery"/>.</summary>
    Bootstrap,
}

/// <summary>Where Cluster Bootstrap finds the other nodes' management endpoints (<c>roko.cluster.bootstrap.discovery</c>).</summary>
public enum ContactPointDiscovery
{
    /// <summary>Akka.Discovery's config method: the endpoints listed in <c>roko.cluster.bootstrap.contact-points</c>.</summary>
    Config,
    /// <summary>Akka.Discovery.KubernetesApi: the running pods of the namespace that match the label selector.</summary>
    KubernetesApi,
}

/// <summary>
/// The <c>roko.cluster</c> block, read once before the node's ActorSystem exists: hocon/roko.conf documents every key.
/// With <see cref="ClusterFormationMode.Bootstrap"/> these settings are the source of the <c>akka.management</c> and
/// <c>akka.discovery</c> keys the node runs with (<see cref="Over"/>); every inconsistency is refused here with the key
/// at fault, before anything starts.
/// </summary>
public sealed record ClusterFormationSettings
{
    public const string Path = "roko.cluster";
    private const string AkkaClusterPath = "akka.cluster";
    private const string SeedNodesKey = "seed-nodes";
    private const string SeedNodesPath = AkkaClusterPath + "." + SeedNodesKey;
    private const string KubernetesApiPath = "akka.discovery.kubernetes-api";
    private const string RemotingPath = "akka.remote.dot-netty.tcp";
    /// <summary>Akka.Discovery.KubernetesApi's own default of api-service-host-env-name, when its reference config is not loaded.</summary>
    private const string KubernetesServiceHostVariable = "KUBERNETES_SERVICE_HOST";

    public required ClusterFormationMode Mode { get; init; }
    /// <summary><c>akka.cluster.seed-nodes</c> as configured (static formation).</summary>
    public required IReadOnlyList<string> SeedNodes { get; init; }
    public required ContactPointDiscovery Discovery { get; init; }
    public required string ServiceName { get; init; }
    /// <summary>Config discovery: every node's management endpoint, "host:port".</summary>
    public required IReadOnlyList<string> ContactPoints { get; init; }
    public required string PodLabelSelector { get; init; }
    public required string PortName { get; init; }
    public required int RequiredContactPoints { get; init; }
    public required TimeSpan StableMargin { get; init; }
    public required TimeSpan DiscoveryInterval { get; init; }
    public required TimeSpan ProbeInterval { get; init; }
    public required bool NewClusterEnabled { get; init; }
    /// <summary>The host other nodes reach this node's management endpoint at (never empty: "" in HOCON is the remoting host).</summary>
    public required string ManagementHostname { get; init; }
    public required int ManagementPort { get; init; }
    public required string ManagementBindHostname { get; init; }

    /// <summary>True when the node joins a cluster without being told to: seeds are configured, or bootstrap finds one.</summary>
    public bool JoinsByItself => Mode == ClusterFormationMode.Bootstrap || SeedNodes.Count > 0;

    /// <summary>This node's own contact point, as config discovery lists it.</summary>
    public string SelfContactPoint => $"{ManagementHostname}:{ManagementPort}";

    /// <summary>
    /// Reads <c>roko.cluster</c> of a node's composed config; <paramref name="environment"/> (default: the process
    /// environment) tells whether the node runs in a Kubernetes pod, which kubernetes-api discovery needs.
    /// </summary>
    public static ClusterFormationSettings Create(Config root, Func<string, string?>? environment = null)
    {
        var s = SettingsReader.Section(root, Path);
        var b = SettingsReader.Section(root, Path + ".bootstrap");
        string modeText = s.Text("formation");
        var mode = modeText switch
        {
            "seed-nodes" => ClusterFormationMode.SeedNodes,
            "bootstrap" => ClusterFormationMode.Bootstrap,
            _ => throw s.Invalid("formation", $"'{modeText}' is not one of: seed-nodes, bootstrap"),
        };
        var akkaCluster = AkkaSection(root, AkkaClusterPath);
        IReadOnlyList<string> seeds = akkaCluster is not null && akkaCluster.Has(SeedNodesKey) ? akkaCluster.TextList(SeedNodesKey) : [];
        string discoveryText = b.Text("discovery");
        var discovery = discoveryText switch
        {
            "config" => ContactPointDiscovery.Config,
            "kubernetes-api" => ContactPointDiscovery.KubernetesApi,
            _ => throw b.Invalid("discovery", $"'{discoveryText}' is not one of: config, kubernetes-api"),
        };
        string hostname = b.Text("management.hostname");
        if (hostname.Length == 0) hostname = RemotingHostname(root);
        var settings = new ClusterFormationSettings
        {
            Mode = mode,
            SeedNodes = seeds,
            Discovery = discovery,
            ServiceName = b.Text("service-name"),
            ContactPoints = b.TextList("contact-points"),
            PodLabelSelector = b.Text("pod-label-selector"),
            PortName = b.Text("port-name"),
            RequiredContactPoints = b.Int("required-contact-points", 1),
            StableMargin = b.Duration("stable-margin", TimeSpan.Zero, TimeSpan.FromHours(1)),
            DiscoveryInterval = b.Duration("discovery-interval", TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1)),
            ProbeInterval = b.Duration("probe-interval", TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1)),
            NewClusterEnabled = b.Bool("new-cluster-enabled"),
            ManagementHostname = hostname,
            // Not 0: Cluster Bootstrap recognises this node among the discovered endpoints by its configured port.
            ManagementPort = b.Int("management.port", 1, IPEndPoint.MaxPort),
            ManagementBindHostname = b.Text("management.bind-hostname"),
        };
        if (mode == ClusterFormationMode.Bootstrap) settings.CheckBootstrap(b, root, environment ?? Environment.GetEnvironmentVariable);
        return settings;
    }

    private void CheckBootstrap(SettingsReader b, Config root, Func<string, string?> environment)
    {
        if (SeedNodes.Count > 0)
            throw new InvalidSettingException(SeedNodesPath, $"lists [{string.Join(", ", SeedNodes)}] while {Path}.formation = bootstrap: " +
                                              "Cluster Bootstrap does not run beside static seeds; empty the list or set formation = seed-nodes");
        if (ServiceName.Length == 0) throw b.Invalid("service-name", "must not be empty");
        if (Discovery == ContactPointDiscovery.Config)
        {
            if (ContactPoints.Count == 0)
                throw b.Invalid("contact-points", "is empty: config discovery needs every node's management endpoint as \"host:port\"");
            foreach (string point in ContactPoints)
                if (!IsEndpoint(point)) throw b.Invalid("contact-points", $"'{point}' is not \"host:port\" with a port in 1-{IPEndPoint.MaxPort}");
            if (!ContactPoints.Contains(SelfContactPoint))
                throw b.Invalid("contact-points", $"[{string.Join(", ", ContactPoints)}] does not list this node's own endpoint {SelfContactPoint} " +
                                                  "(management.hostname:management.port): the node that forms a new cluster must find itself there");
            if (RequiredContactPoints > ContactPoints.Count)
                throw b.Invalid("required-contact-points", $"is {RequiredContactPoints} but contact-points lists only {ContactPoints.Count}: no cluster could ever form");
        }
        else
        {
            if (PortName.Length == 0) throw b.Invalid("port-name", "must name the container port of the management endpoint");
            if (!IPAddress.TryParse(ManagementHostname, out _))
                throw b.Invalid("management.hostname", $"'{ManagementHostname}' is not an IP address: kubernetes-api discovery finds pods by IP, " +
                                                       "so the node recognises itself only by its pod IP (pass status.podIP)");
            string hostVariable = AkkaText(AkkaSection(root, KubernetesApiPath), "api-service-host-env-name") ?? KubernetesServiceHostVariable;
            if (string.IsNullOrEmpty(environment(hostVariable)))
                throw b.Invalid("discovery", $"kubernetes-api needs the environment variable {hostVariable}, which Kubernetes sets in every pod; " +
                                             "outside a cluster use config discovery");
        }
    }

    /// <summary>
    /// <paramref name="config"/> with the Akka.Management and Akka.Discovery keys these settings stand for on top (with
    /// <see cref="ClusterFormationMode.SeedNodes"/>: unchanged). akka.management.http names this node's own contact point
    /// (the endpoint itself is <see cref="BootstrapEndpoint"/>, bound to management.bind-hostname); of Akka.Management's
    /// routes only the bootstrap one is prepared.
    /// </summary>
    public Config Over(Config config)
    {
        if (Mode != ClusterFormationMode.Bootstrap) return config;
        string portName = Discovery == ContactPointDiscovery.KubernetesApi ? PortName : "";
        string method = Discovery == ContactPointDiscovery.KubernetesApi ? "kubernetes-api" : "config";
        string endpoints = string.Join(", ", ContactPoints.Select(RokoConfig.Quote));
        return ConfigurationFactory.ParseString($$"""
            akka.management.http {
              hostname = {{RokoConfig.Quote(ManagementHostname)}}
              port = {{ManagementPort}}
              routes {
                remote-address = ""
                cluster-client-receptionist = ""
              }
            }
            akka.management.cluster.bootstrap {
              new-cluster-enabled = {{(NewClusterEnabled ? "on" : "off")}}
              contact-point-discovery {
                service-name = {{RokoConfig.Quote(ServiceName)}}
                port-name = {{RokoConfig.Quote(portName)}}
                discovery-method = akka.discovery
                required-contact-point-nr = {{RequiredContactPoints}}
                stable-margin = {{Millis(StableMargin)}}
                interval = {{Millis(DiscoveryInterval)}}
                contact-with-all-contact-points = true
              }
              contact-point {
                fallback-port = {{ManagementPort}}
                filter-on-fallback-port = false
                probe-interval = {{Millis(ProbeInterval)}}
              }
            }
            akka.discovery {
              method = {{method}}
              config.services.{{RokoConfig.Quote(ServiceName)}}.endpoints = [{{endpoints}}]
              kubernetes-api.pod-label-selector = {{RokoConfig.Quote(PodLabelSelector)}}
            }
            """).WithFallback(config);
    }

    /// <summary>What the node does to find its cluster, in one log line.</summary>
    public string Describe() => Mode switch
    {
        ClusterFormationMode.SeedNodes when SeedNodes.Count > 0 => $"joining the seed nodes [{string.Join(", ", SeedNodes)}]",
        ClusterFormationMode.SeedNodes => "no seed nodes configured: the host joins this node",
        _ => $"Cluster Bootstrap: {DescribeDiscovery()}; a new cluster forms when {RequiredContactPoints} endpoint(s) answer, none reports " +
             $"a cluster and discovery has been stable for {StableMargin.TotalSeconds:0.###} s (new clusters {(NewClusterEnabled ? "allowed" : "not allowed")}); " +
             $"probing every {ProbeInterval.TotalSeconds:0.###} s",
    };

    private string DescribeDiscovery() => Discovery == ContactPointDiscovery.Config
        ? $"config discovery of '{ServiceName}' at [{string.Join(", ", ContactPoints)}]"
        : $"kubernetes-api discovery of pods '{PodLabelSelector.Replace("{0}", ServiceName, StringComparison.Ordinal)}' at port '{PortName}'";

    private static string RemotingHostname(Config root)
    {
        var remoting = AkkaSection(root, RemotingPath);
        string publicHostname = AkkaText(remoting, "public-hostname") ?? "";
        return publicHostname.Length > 0 ? publicHostname : AkkaText(remoting, "hostname") ?? "";
    }

    /// <summary>A section of Akka's own settings, present only when the module's reference config is loaded (null otherwise).</summary>
    private static SettingsReader? AkkaSection(Config root, string path) => root.HasPath(path) ? SettingsReader.Section(root, path) : null;

    /// <summary>An Akka key, or null when it is not set.</summary>
    private static string? AkkaText(SettingsReader? section, string key) => section is not null && section.Has(key) ? section.Text(key) : null;

    private static bool IsEndpoint(string point)
    {
        int colon = point.LastIndexOf(':');
        return colon > 0 && int.TryParse(point[(colon + 1)..], out int port) && port is > 0 and <= IPEndPoint.MaxPort;
    }

    private static string Millis(TimeSpan duration) => $"{(long)duration.TotalMilliseconds}ms";
}
