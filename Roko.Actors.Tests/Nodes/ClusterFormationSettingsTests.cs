using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Network;
using Roko.Actors.Network.Overlay;
using Roko.Actors.Nodes;
using Xunit;

namespace Roko.Actors.Tests.Nodes;

public sealed class ClusterFormationSettingsTests
{
    private const string LocalBootstrap = """
        roko.cluster {
          formation = bootstrap
          bootstrap {
            contact-points = ["127.0.0.1:18558", "127.0.0.1:18559"]
            management.port = 18558
          }
        }
        """;

    private static readonly Func<string, string?> InAPod = name => name == "KUBERNETES_SERVICE_HOST" ? "10.96.0.1" : null;
    private static readonly Func<string, string?> OutsideKubernetes = _ => null;

    /// <summary>A node's config composed as RokoNode does: <paramref name="hocon"/> over roko.conf, over cluster.conf and the role and region files.</summary>
    private static Config Node(string hocon)
    {
        var config = ConfigurationFactory.ParseString(hocon).WithFallback(RokoConfig.Defaults);
        return config.WithFallback(ClusterConfig.ForNode("validator", Region.NorthAmerica, config));
    }

    private static InvalidSettingException Refused(string hocon, Func<string, string?>? environment = null) =>
        Assert.Throws<InvalidSettingException>(() => ClusterFormationSettings.Create(Node(hocon), environment ?? OutsideKubernetes));

    [Fact]
    public void Defaults_should_join_static_seed_nodes_and_leave_the_config_unchanged()
    {
        var config = Node("");
        var settings = ClusterFormationSettings.Create(config, OutsideKubernetes);

        Assert.Equal(ClusterFormationMode.SeedNodes, settings.Mode);
        Assert.False(settings.JoinsByItself);
        Assert.Same(config, settings.Over(config));
        Assert.True(ClusterFormationSettings.Create(Node("akka.cluster.seed-nodes = [\"akka.tcp://roko@10.0.0.1:4053\"]"), OutsideKubernetes).JoinsByItself);
    }

    [Fact]
    public void Over_should_set_the_management_endpoint_config_discovery_and_the_bootstrap_timings()
    {
        var config = Node(LocalBootstrap + "roko.cluster.bootstrap { stable-margin = 1s, probe-interval = 750ms, required-contact-points = 2 }");
        var settings = ClusterFormationSettings.Create(config, OutsideKubernetes);
        var akka = settings.Over(config);

        Assert.True(settings.JoinsByItself);
        Assert.Equal("127.0.0.1", akka.GetString("akka.management.http.hostname")); // the remoting host of cluster.conf
        Assert.Equal(18558, akka.GetInt("akka.management.http.port"));
        Assert.Equal("config", akka.GetString("akka.discovery.method"));
        Assert.Equal(["127.0.0.1:18558", "127.0.0.1:18559"], akka.GetStringList("akka.discovery.config.services.roko.endpoints"));
        Assert.Equal("roko", akka.GetString("akka.management.cluster.bootstrap.contact-point-discovery.service-name"));
        Assert.Equal(2, akka.GetInt("akka.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr"));
        Assert.Equal(TimeSpan.FromSeconds(1), akka.GetTimeSpan("akka.management.cluster.bootstrap.contact-point-discovery.stable-margin"));
        Assert.Equal(TimeSpan.FromMilliseconds(750), akka.GetTimeSpan("akka.management.cluster.bootstrap.contact-point.probe-interval"));
        Assert.True(akka.GetBoolean("akka.management.cluster.bootstrap.contact-point-discovery.contact-with-all-contact-points"));
        // All contact points share 127.0.0.1: Akka's filter on the fallback port would keep only this node's own.
        Assert.False(akka.GetBoolean("akka.management.cluster.bootstrap.contact-point.filter-on-fallback-port"));
        Assert.Equal("", akka.GetString("akka.management.http.routes.remote-address"));
        Assert.Equal("", akka.GetString("akka.management.http.routes.cluster-client-receptionist"));
    }

    [Fact]
    public void Over_should_select_kubernetes_api_discovery_by_label_and_port_name_inside_a_pod()
    {
        var config = Node("""
            roko.cluster.formation = bootstrap
            roko.cluster.bootstrap { discovery = kubernetes-api, management { hostname = "10.1.2.3", bind-hostname = "0.0.0.0" } }
            """);
        var akka = ClusterFormationSettings.Create(config, InAPod).Over(config);

        Assert.Equal("kubernetes-api", akka.GetString("akka.discovery.method"));
        Assert.Equal("app={0}", akka.GetString("akka.discovery.kubernetes-api.pod-label-selector"));
        Assert.Equal("management", akka.GetString("akka.management.cluster.bootstrap.contact-point-discovery.port-name"));
        Assert.Equal("10.1.2.3", akka.GetString("akka.management.http.hostname"));
        Assert.Equal("0.0.0.0", ClusterFormationSettings.Create(config, InAPod).ManagementBindHostname);
        Assert.Equal(8558, akka.GetInt("akka.management.http.port"));
    }

    [Theory]
    [InlineData("roko.cluster.formation = gossip", "roko.cluster.formation", "not one of")]
    [InlineData("roko.cluster.bootstrap.discovery = dns", "roko.cluster.bootstrap.discovery", "not one of")]
    [InlineData("roko.cluster.bootstrap.management.port = 0", "roko.cluster.bootstrap.management.port", "between 1 and 65535")]
    [InlineData("roko.cluster.bootstrap.required-contact-points = 0", "roko.cluster.bootstrap.required-contact-points", "between 1")]
    [InlineData("roko.cluster.bootstrap.stable-margin = 2h", "roko.cluster.bootstrap.stable-margin", "between")]
    public void Create_should_name_the_key_of_a_value_out_of_range(string hocon, string key, string problem)
    {
        var e = Refused(LocalBootstrap + hocon);
        Assert.Equal(key, e.Key);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Create_should_refuse_bootstrap_beside_static_seed_nodes()
    {
        var e = Refused(LocalBootstrap + "akka.cluster.seed-nodes = [\"akka.tcp://roko@127.0.0.1:4053\"]");
        Assert.Equal("akka.cluster.seed-nodes", e.Key);
        Assert.Contains("formation = seed-nodes", e.Message);
    }

    [Fact]
    public void Create_should_refuse_config_discovery_without_this_nodes_own_endpoint()
    {
        var empty = Refused("roko.cluster.formation = bootstrap");
        Assert.Equal("roko.cluster.bootstrap.contact-points", empty.Key);
        Assert.Contains("is empty", empty.Message);

        var missing = Refused(LocalBootstrap + "roko.cluster.bootstrap.management.port = 18560");
        Assert.Equal("roko.cluster.bootstrap.contact-points", missing.Key);
        Assert.Contains("127.0.0.1:18560", missing.Message);

        var malformed = Refused(LocalBootstrap + "roko.cluster.bootstrap.contact-points = [\"127.0.0.1:18558\", \"127.0.0.1\"]");
        Assert.Contains("'127.0.0.1' is not \"host:port\"", malformed.Message);

        var unreachable = Refused(LocalBootstrap + "roko.cluster.bootstrap.required-contact-points = 3");
        Assert.Equal("roko.cluster.bootstrap.required-contact-points", unreachable.Key);
    }

    [Fact]
    public void Create_should_refuse_kubernetes_api_discovery_outside_a_pod_or_without_the_pod_ip()
    {
        const string kubernetes = """
            roko.cluster.formation = bootstrap
            roko.cluster.bootstrap { discovery = kubernetes-api, management.hostname = "10.1.2.3" }
            """;
        var outside = Refused(kubernetes);
        Assert.Equal("roko.cluster.bootstrap.discovery", outside.Key);
        Assert.Contains("KUBERNETES_SERVICE_HOST", outside.Message);

        var byName = Refused(kubernetes + "roko.cluster.bootstrap.management.hostname = \"roko-na-0.roko-na.roko.svc.cluster.local\"", InAPod);
        Assert.Equal("roko.cluster.bootstrap.management.hostname", byName.Key);
        Assert.Contains("pod IP", byName.Message);
    }

    [Fact]
    public void Describe_should_say_how_the_node_finds_its_cluster()
    {
        var settings = ClusterFormationSettings.Create(Node(LocalBootstrap), OutsideKubernetes);
        Assert.Contains("config discovery of 'roko' at [127.0.0.1:18558, 127.0.0.1:18559]", settings.Describe());
        Assert.Contains("2 endpoint(s) answer", settings.Describe());
    }
}
