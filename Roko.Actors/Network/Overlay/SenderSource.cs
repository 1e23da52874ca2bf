using Akka.Actor;

namespace Roko.Actors.Network.Overlay;

/// <summary>
/// Whom the <see cref="NodeGuard"/> meters for a message an actor received over Akka.Remote: the host of the sending
/// system's address (what that system gave as its own address when it associated; with mutual TLS only a system
/// holding a certificate of the cluster's CA gets that far). A message sent over the wire with no sender arrives with
/// this node's own dead-letters as sender, which names no host: all such messages share one standing,
/// <see cref="NoSender"/>, so leaving out the sender does not slip past the guard. Null for a sender inside this node's
/// own actor system.
/// </summary>
public static class SenderSource
{
    /// <summary>The one source of every message that came with no sender (no legitimate request or alert does).</summary>
    public static GuardSource NoSender { get; } = GuardSource.Host("no-sender");

    /// <summary>The remote sender's host, <see cref="NoSender"/> when there is none, or null when <paramref name="sender"/> is local.</summary>
    public static GuardSource? Of(IActorRef? sender) =>
        sender.IsNobody() ? NoSender
        : sender!.Path.Address.Host is { Length: > 0 } host ? GuardSource.Host(host)
        : null;

    /// <summary>
    /// For a request that came through the ClusterClientReceptionist: it reaches the service with a local sender, the
    /// receptionist's response tunnel to that client, named after the client's actor path (URL-escaped); the source is
    /// the host of that path. A request sent straight to the service over Akka.Remote is metered by its sender's host
    /// (<see cref="Of"/>). Null when neither names a remote host (a local sender).
    /// </summary>
    public static GuardSource? OfClusterClient(IActorRef? sender)
    {
        if (Of(sender) is { } remote) return remote;
        var path = sender!.Path;
        if (path.Elements.Count != 3 || path.Elements[0] != "system") return null; // /system/<receptionist>/<tunnel>
        return ActorPath.TryParse(Uri.UnescapeDataString(path.Name), out var client) && client.Address.Host is { Length: > 0 } host
            ? GuardSource.Host(host)
            : null;
    }
}
