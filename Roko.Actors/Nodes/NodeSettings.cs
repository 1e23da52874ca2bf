using Akka.Configuration;
using Roko.Actors.Ledger;

namespace Roko.Actors.Nodes;

public enum NodeRole
{
    Validator,
    Archive,
}

/// <summary>Read once from HOCON <c>roko.node</c>; paths are resolved against the data directory.</summary>
public sealed record NodeSettings(string Name, NodeRole Role, string Region, string DataDir, string KeyFile, string GenesisFile)
{
    public string DatabasePath => Path.Combine(DataDir, "chain.db");
    public Network.Region OverlayRegion => Network.RegionText.Parse(Region);

    public static NodeSettings Create(Config config)
    {
        var c = config.GetConfig("roko.node") ?? throw new ConfigurationException("missing HOCON section roko.node");
        string name = c.GetString("name");
        if (string.IsNullOrWhiteSpace(name)) throw new ConfigurationException("roko.node.name must not be empty");
        string roleText = c.GetString("role");
        if (!Enum.TryParse<NodeRole>(roleText, ignoreCase: true, out var role))
            throw new ConfigurationException($"roko.node.role '{roleText}' is not one of: validator, archive");
        string region = c.GetString("region");
        if (!ValidatorRegions.IsKnown(region))
            throw new ConfigurationException($"roko.node.region '{region}' is not one of: {ValidatorRegions.Describe()}");
        string dataDir = Path.GetFullPath(c.GetString("data-dir"));
        return new NodeSettings(name, role, region, dataDir,
            Path.Combine(dataDir, c.GetString("key-file")),
            Path.Combine(dataDir, c.GetString("genesis-file")));
    }
}
