using Akka.Configuration;
using Roko.Actors.Nodes;

namespace Roko.Actors.Devnet;

/// <summary>The config every devnet node is built from: the devnet's overrides over hocon/devnet.conf over roko.conf.</summary>
public static class DevnetConfig
{
    /// <summary>What every devnet node sets itself (<see cref="RokoNode.Start"/> layers it over its role file and roko.conf):
    /// <paramref name="overrides"/> (`--set`, or null) over hocon/devnet.conf.</summary>
    public static Config Own(string? overrides = null)
    {
        var devnet = RokoConfig.Embedded("devnet.conf");
        return string.IsNullOrWhiteSpace(overrides) ? devnet : RokoConfig.Parse(overrides).WithFallback(devnet);
    }

    /// <summary>The devnet's settings as the runner reads them: <see cref="Own"/> over roko.conf.</summary>
    public static Config Load(string? overrides = null) => Own(overrides).WithFallback(RokoConfig.Defaults);
}
