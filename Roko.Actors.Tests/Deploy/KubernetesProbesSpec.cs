using System.Text.RegularExpressions;
using Roko.Actors.Api;
using Roko.Actors.Nodes;
using Roko.Actors.Tests.Support;
using Xunit;

namespace Roko.Actors.Tests.Deploy;

/// <summary>The StatefulSets in deploy/k8s probe the node's own health routes on the port its config serves HTTP on.</summary>
public class KubernetesProbesSpec
{
    public static TheoryData<string> Regions => new() { "na", "eu", "apac" };

    [Theory]
    [MemberData(nameof(Regions))]
    public void Region_manifest_should_probe_liveness_and_readiness_on_the_nodes_http_port(string region)
    {
        string manifest = File.ReadAllText(RepositoryRoot.Combine("deploy", "k8s", $"region-{region}.yaml"));

        Assert.Equal(("/health/ready", "http"), Probe(manifest, "readinessProbe"));
        Assert.Equal(("/health/live", "http"), Probe(manifest, "livenessProbe"));
        var http = Regex.Match(manifest, @"\{\s*name:\s*http,\s*containerPort:\s*(\d+)\s*\}");
        Assert.True(http.Success, $"region-{region}.yaml names no container port 'http'");
        var settings = HttpApiSettings.Create(RokoConfig.Load(RepositoryRoot.Combine("deploy", "k8s", "node.conf")));
        Assert.True(settings.Enabled, "deploy/k8s/node.conf must serve the HTTP API the probes call");
        Assert.Equal(settings.Port, int.Parse(http.Groups[1].Value));
    }

    private static (string Path, string Port) Probe(string manifest, string probe)
    {
        var match = Regex.Match(manifest, probe + @":\s*\n\s*httpGet:\s*\{\s*path:\s*(\S+),\s*port:\s*(\w+)\s*\}");
        Assert.True(match.Success, $"no {probe} with an httpGet in the manifest");
        return (match.Groups[1].Value, match.Groups[2].Value);
    }
}
