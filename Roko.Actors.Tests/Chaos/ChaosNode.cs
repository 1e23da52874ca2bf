using Roko.Actors.Tests.Support;

namespace Roko.Actors.Tests.Chaos;

/// <summary>One validator of a <see cref="ChaosNetwork"/>: its ports, files and (while it runs) its `roko node` process.</summary>
public sealed class ChaosNode(int index, string name, string region, int port, int httpPort, string dataDir, string configPath)
{
    public int Index { get; } = index;
    public string Name { get; } = name;
    public string Region { get; } = region;
    public int Port { get; } = port;
    public int HttpPort { get; } = httpPort;
    public string DataDir { get; } = dataDir;
    public string ConfigPath { get; } = configPath;
    public string DatabasePath => Path.Combine(DataDir, "chain.db");
    public Uri Http => new($"http://127.0.0.1:{HttpPort}");
    public string Address => $"akka.tcp://roko@127.0.0.1:{Port}";

    public RokoProcess? Process { get; set; }
    public bool Running => Process is { HasExited: false };

    /// <summary>Everything this node's processes wrote to stderr, across restarts, for failure messages.</summary>
    public List<string> Logs { get; } = [];

    public override string ToString() => Name;
}
