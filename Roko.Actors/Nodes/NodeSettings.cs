using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;
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
        var c = SettingsReader.Section(config, "roko.node");
        string name = c.Text("name");
        if (string.IsNullOrWhiteSpace(name)) throw c.Invalid("name", "must not be empty");
        string roleText = c.Text("role");
        if (!Enum.TryParse<NodeRole>(roleText, ignoreCase: true, out var role))
            throw c.Invalid("role", $"'{roleText}' is not one of: validator, archive");
        string region = c.Text("region");
        if (!ValidatorRegions.IsKnown(region))
            throw c.Invalid("region", $"'{region}' is not one of: {ValidatorRegions.Describe()}");
        string dataDir = Path.GetFullPath(c.Text("data-dir"));
        return new NodeSettings(name, role, region, dataDir,
            Path.Combine(dataDir, c.Text("key-file")),
            Path.Combine(dataDir, c.Text("genesis-file")));
    }
}
