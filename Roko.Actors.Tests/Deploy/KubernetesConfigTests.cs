using System.Text.RegularExpressions;
using Roko.Actors.Cli;
using Roko.Actors.Nodes;
using Roko.Actors.Tests.Support;
using Xunit;

namespace Roko.Actors.Tests.Deploy;

public class KubernetesConfigTests
{
    [Fact]
    public void Kubernetes_node_conf_with_a_stateful_sets_arguments_should_compose_into_node_settings()
    {
        const string pod = "roko-eu-1";
        const string fqdn = "roko-eu-1.roko-eu.roko.svc.cluster.local";
        string manifest = File.ReadAllText(RepositoryRoot.Combine("deploy", "k8s", "region-eu.yaml"));
        var args = Regex.Matches(Regex.Match(manifest, @"args: \[(.*?)\]", RegexOptions.Singleline).Groups[1].Value, "\"([^\"]*)\"")
            .Select(m => m.Groups[1].Value.Replace("$(POD_NAME)", pod).Replace("$(POD_FQDN)", fqdn).Replace("$(POD_IP)", "10.1.2.3"))
            .ToList();
        Assert.Equal(["node", "--config", "/etc/roko/node.conf"], args.Take(3));
        var sets = args.Select((a, i) => (a, i)).Where(x => x.a == "--set").Select(x => args[x.i + 1]).ToList();
        Assert.All(sets, s => Assert.Null(SettingOverride.Check(s)));

        var config = RokoConfig.Load(RepositoryRoot.Combine("deploy", "k8s", "node.conf"), string.Join("\n", sets.Select(SettingOverride.ToHocon)));
        var settings = NodeSettings.Create(config);

        Assert.Equal(pod, settings.Name);
        Assert.Equal("eu", settings.Region);
        Assert.Equal(NodeRole.Validator, settings.Role);
        Assert.Equal("/var/lib/roko", settings.DataDir);
        Assert.Equal(fqdn, config.GetString("akka.remote.dot-netty.tcp.hostname"));
        var clock = Roko.Actors.Hardware.Clocks.ClockSourceSettings.Create(config);
        Assert.Equal(Roko.Actors.Hardware.Clocks.ClockSourceChoice.TimeCard, clock.Source);
        Assert.Contains("path: /sys/class/timecard", manifest, StringComparison.Ordinal);
        Assert.Contains("mountPath: /sys/class/timecard", manifest, StringComparison.Ordinal);
        // The cluster forms through Cluster Bootstrap (Deploy/KubernetesBootstrapSpec checks it on the rendered manifests).
        Assert.Empty(config.GetStringList("akka.cluster.seed-nodes"));
        Assert.Equal("10.1.2.3", config.GetString("roko.cluster.bootstrap.management.hostname"));
    }

    [Fact]
    public void Every_region_should_have_a_stateful_set_a_headless_service_and_a_disruption_budget()
    {
        foreach (var region in new[] { "na", "eu", "apac" })
        {
            string manifest = File.ReadAllText(RepositoryRoot.Combine("deploy", "k8s", $"region-{region}.yaml"));
            Assert.Contains("kind: StatefulSet", manifest);
            Assert.Contains("clusterIP: None", manifest);
            Assert.Contains("kind: PodDisruptionBudget", manifest);
            Assert.Contains($"roko.node.region={region}", manifest);
            Assert.Contains($"region-{region}.yaml", File.ReadAllText(RepositoryRoot.Combine("deploy", "k8s", "kustomization.yaml")));
        }
    }
}
