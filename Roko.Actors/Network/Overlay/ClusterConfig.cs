using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Nodes;

namespace Roko.Actors.Network.Overlay;

/// <summary>
/// Composes a clustered node's HOCON from the embedded files: <paramref name="overrides"/> over the role file
/// (<c>hocon/validator.conf</c> or <c>hocon/archive.conf</c>), the region file (<c>hocon/regions/&lt;region&gt;.conf</c>),
/// <c>hocon/cluster.conf</c> and the node's base config, then sets <c>akka.cluster.roles</c> to
/// <c>[role, "region-" + region]</c> read from <c>roko.node.role</c> / <c>roko.node.region</c> of the result.
/// </summary>
public static class ClusterConfig
{
    public static Config Cluster { get; } = RokoConfig.Embedded("cluster.conf");

    public static Config RegionFile(Region region) => RokoConfig.Embedded($"regions/{region.ToText()}.conf");

    public static Config RoleFile(string role) => role switch
    {
        "validator" or "archive" => RokoConfig.Embedded(role + ".conf"),
        _ => throw new ArgumentException($"role '{role}' is not validator or archive", nameof(role)),
    };

    /// <summary>The node's full config for <paramref name="role"/> in <paramref name="region"/>.</summary>
    public static Config ForNode(string role, Region region, Config baseConfig, Config? overrides = null)
    {
        var layered = (overrides ?? Config.Empty)
            .WithFallback(RoleFile(role))
            .WithFallback(RegionFile(region))
            .WithFallback(Cluster)
            .WithFallback(baseConfig);
        return WithDerivedRoles(layered);
    }

    /// <summary>Sets <c>akka.cluster.roles</c> from <c>roko.node.role</c> and <c>roko.node.region</c>.</summary>
    public static Config WithDerivedRoles(Config config)
    {
        var node = SettingsReader.Section(config, "roko.node");
        string role = node.Text("role");
        string regionText = node.Text("region");
        if (!RegionText.TryParse(regionText, out var region))
            throw node.Invalid("region", $"'{regionText}' is not one of: na, eu, apac");
        return ConfigurationFactory.ParseString(
                $"akka.cluster.roles = [{RokoConfig.Quote(role)}, {RokoConfig.Quote(RegionRole(region))}]")
            .WithFallback(config);
    }

    /// <summary>HOCON setting the seed nodes, e.g. from the command line.</summary>
    public static Config WithSeeds(Config config, IEnumerable<string> seedAddresses) =>
        ConfigurationFactory.ParseString(
                $"akka.cluster.seed-nodes = [{string.Join(", ", seedAddresses.Select(RokoConfig.Quote))}]")
            .WithFallback(config);

    public static string RegionRole(Region region) => "region-" + region.ToText();

    /// <summary>The region a member announces through its roles, if any.</summary>
    public static Region? RegionOf(IEnumerable<string> roles)
    {
        foreach (var role in roles)
            if (role.StartsWith("region-", StringComparison.Ordinal) && RegionText.TryParse(role["region-".Length..], out var region))
                return region;
        return null;
    }
}
