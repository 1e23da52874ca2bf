using System.Diagnostics;
using Akka.Configuration;
using k8s;
using k8s.Models;
using Roko.Actors.Cli;
using Roko.Actors.Nodes;
using Roko.Actors.Tests.Support;
using Xunit;

namespace Roko.Actors.Tests.Deploy;

/// <summary>
/// deploy/k8s as `kubectl kustomize` renders it (the objects `kubectl apply -k` would create), read with the Kubernetes
/// client's own models: the pods form their cluster through Cluster Bootstrap with kubernetes-api discovery, and the
/// rendered objects give that discovery what it needs (RBAC to list pods, the labels it selects, the named port).
/// </summary>
public sealed class KubernetesBootstrapSpec
{
    private static readonly TimeSpan RenderTimeout = TimeSpan.FromMinutes(1);
    private static readonly Func<string, string?> InAPod = name => name == "KUBERNETES_SERVICE_HOST" ? "10.96.0.1" : null;

    [Fact]
    public void Rendered_manifests_should_bootstrap_the_cluster_through_the_kubernetes_api_with_rbac_and_a_management_port()
    {
        var objects = KubernetesYaml.LoadAllFromString(Render());
        var statefulSets = objects.OfType<V1StatefulSet>().ToList();
        Assert.Equal(["roko-apac", "roko-eu", "roko-na"], statefulSets.Select(s => s.Metadata.Name).Order());

        // The operator layer every pod reads, from the rendered ConfigMap, with one pod's arguments as Kubernetes expands them.
        var configMap = Assert.Single(objects.OfType<V1ConfigMap>());
        var pod = statefulSets.Single(s => s.Metadata.Name == "roko-na");
        var formation = FormationOf(configMap.Data["node.conf"], Container(pod), podName: "roko-na-0", podIp: "10.1.2.3");
        Assert.Equal(ClusterFormationMode.Bootstrap, formation.Mode);
        Assert.Equal(ContactPointDiscovery.KubernetesApi, formation.Discovery);
        Assert.Empty(formation.SeedNodes);
        Assert.Equal("10.1.2.3", formation.ManagementHostname);
        Assert.Equal("0.0.0.0", formation.ManagementBindHostname);
        // Two groups of pods that cannot see each other cannot both form a cluster: a new one needs a majority of all pods.
        int replicas = statefulSets.Sum(s => s.Spec.Replicas ?? 1);
        Assert.True(formation.RequiredContactPoints > replicas / 2 && formation.RequiredContactPoints <= replicas,
            $"required-contact-points {formation.RequiredContactPoints} is not a majority of the {replicas} pods");

        // Discovery lists the pods the label selector picks, in the pods' namespace, and probes the port it names.
        var selector = formation.PodLabelSelector.Replace("{0}", formation.ServiceName, StringComparison.Ordinal)
            .Split(',').Select(term => term.Split('=')).ToDictionary(kv => kv[0].Trim(), kv => kv[1].Trim());
        foreach (var set in statefulSets)
        {
            var template = set.Spec.Template;
            Assert.All(selector, kv => Assert.Equal(kv.Value, template.Metadata.Labels[kv.Key]));
            Assert.Equal("roko", set.Metadata.NamespaceProperty);
            var container = Container(set);
            var management = Assert.Single(container.Ports, p => p.Name == formation.PortName);
            Assert.Equal(formation.ManagementPort, management.ContainerPort);
            Assert.Equal("status.podIP", container.Env.Single(e => e.Name == "POD_IP").ValueFrom.FieldRef.FieldPath);
            Assert.Contains("roko.cluster.bootstrap.management.hostname=$(POD_IP)", container.Args);
            Assert.DoesNotContain(container.Args, a => a.Contains("seed", StringComparison.OrdinalIgnoreCase));
            Assert.Equal("roko", template.Spec.ServiceAccountName);
        }

        // The pods' ServiceAccount may list and watch pods in their namespace.
        var account = Assert.Single(objects.OfType<V1ServiceAccount>());
        Assert.Equal("roko", account.Metadata.Name);
        var binding = Assert.Single(objects.OfType<V1RoleBinding>());
        var subject = Assert.Single(binding.Subjects);
        Assert.Equal(("ServiceAccount", "roko", "roko"), (subject.Kind, subject.Name, subject.NamespaceProperty ?? binding.Metadata.NamespaceProperty));
        Assert.Equal("Role", binding.RoleRef.Kind);
        var role = Assert.Single(objects.OfType<V1Role>(), r => r.Metadata.Name == binding.RoleRef.Name);
        Assert.Equal("roko", role.Metadata.NamespaceProperty);
        Assert.Contains(role.Rules, rule => rule.ApiGroups.Contains("") && rule.Resources.Contains("pods")
                                            && new[] { "get", "list", "watch" }.All(rule.Verbs.Contains));
    }

    /// <summary>The formation settings of a pod: node.conf over the defaults with the container's --set arguments on top.</summary>
    private static ClusterFormationSettings FormationOf(string nodeConf, V1Container container, string podName, string podIp)
    {
        var args = container.Args.Select(a => a.Replace("$(POD_NAME)", podName).Replace("$(POD_IP)", podIp)
            .Replace("$(POD_FQDN)", $"{podName}.roko-na.roko.svc.cluster.local")).ToList();
        var sets = args.Select((a, i) => (a, i)).Where(x => x.a == "--set").Select(x => args[x.i + 1]).ToList();
        Assert.All(sets, s => Assert.Null(SettingOverride.Check(s)));
        var config = ConfigurationFactory.ParseString(string.Join("\n", sets.Select(SettingOverride.ToHocon)))
            .WithFallback(ConfigurationFactory.ParseString(nodeConf))
            .WithFallback(RokoConfig.Defaults);
        return ClusterFormationSettings.Create(config, InAPod);
    }

    private static V1Container Container(V1StatefulSet set) => Assert.Single(set.Spec.Template.Spec.Containers, c => c.Name == "roko");

    /// <summary>`kubectl kustomize deploy/k8s` (kubectl ships with the machine image; it renders offline).</summary>
    private static string Render()
    {
        var info = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { "kustomize", RepositoryRoot.Combine("deploy", "k8s") }) info.ArgumentList.Add(arg);
        using var kubectl = Process.Start(info)!;
        var stdout = kubectl.StandardOutput.ReadToEndAsync();
        var stderr = kubectl.StandardError.ReadToEndAsync();
        Assert.True(kubectl.WaitForExit(RenderTimeout), $"kubectl kustomize did not finish within {RenderTimeout}");
        Assert.True(kubectl.ExitCode == 0, $"kubectl kustomize deploy/k8s failed: {stderr.Result}");
        return stdout.Result;
    }
}
