using Roko.Actors.Nodes;

namespace Roko.Actors.Devnet;

/// <summary>Starting a devnet node whose HTTP port may be taken: the node's own IOException becomes a devnet error that says what to do.</summary>
public static class DevnetHttpPorts
{
    public static RokoNode Start(string name, int port, Func<RokoNode> start)
    {
        try
        {
            return start();
        }
        catch (IOException e) when (port != 0 && e.Message.StartsWith("roko.http", StringComparison.Ordinal))
        {
            throw new DevnetException($"{name} cannot serve its HTTP API on port {port}: {e.InnerException?.Message ?? e.Message}. " +
                                      "The devnet serves node i on --http-port + i (default roko.devnet.http-port); pass another " +
                                      "--http-port, or --http-port 0 to let every node pick a free port");
        }
    }
}
