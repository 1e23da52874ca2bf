using Microsoft.Extensions.Hosting;

namespace Roko.Actors.Nodes;

/// <summary>
/// The node owns start, stop and the signals (Cli/StopSignals, CoordinatedShutdown): its hosts — the node's own and
/// the bootstrap endpoint's — run without a console lifetime, which would install a second SIGTERM handler.
/// </summary>
internal sealed class NodeOwnedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
