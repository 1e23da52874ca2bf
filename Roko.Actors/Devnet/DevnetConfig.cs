using Akka.Configuration;
using Roko.Actors.Nodes;

namespace Roko.Actors.Devnet;

/// <summary>The config every devnet node is built from: hocon/devnet.conf over roko.conf (and ROKO_CONFIG when set).</summary>
public static class DevnetConfig
{
    public static Config Load() => RokoConfig.Embedded("devnet.conf").WithFallback(RokoConfig.Load(null));
}
