using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Cluster;
using Roko.Actors.Crypto;
using Roko.Actors.Network;
using Roko.Actors.Network.Overlay;
using static Roko.Actors.Network.Overlay.PeerManagerProtocol;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>One ActorSystem of a <see cref="ClusterHarness"/>: a node with its region, role, key and PeerManager.</summary>
public sealed class ClusterNode(string name, ActorSystem system, Region region, string role, NodeIdentity identity, IActorRef peers, Inbox inbox,
    IActorRef? propagator = null, NodeGuard? guard = null)
{
    public string Name { get; } = name;
    public ActorSystem System { get; } = system;
    public Region Region { get; } = region;
    public string Role { get; } = role;
    public NodeIdentity Identity { get; } = identity;
    public SigningKey Key => Identity.Key;
    /// <summary>The PeerManager at /user/node/peers.</summary>
    public IActorRef Peers { get; } = peers;
    /// <summary>Every envelope the PeerManager's sessions admitted on this node.</summary>
    public Inbox Inbox { get; } = inbox;
    /// <summary>The BlockPropagator at /user/node/propagator when the node was started with one.</summary>
    public IActorRef Propagator => propagator ?? throw new InvalidOperationException($"{Name} was started without a propagator");
    public Cluster Cluster => Cluster.Get(System);
    public Address Address => Cluster.SelfAddress;
    public PeerId PeerId => new(Address.ToString());
    public bool Stopped { get; internal set; }
    /// <summary>The node's guard, which its PeerManager's sessions admit every message through.</summary>
    public NodeGuard Guard => guard ?? throw new InvalidOperationException($"{Name} was started without a guard");

    public async Task<IReadOnlyList<PeerInfo>> PeerListAsync() =>
        (await Peers.Ask<CurrentPeers>(GetPeers.Instance, TimeSpan.FromSeconds(5))).Peers;

    public async Task<IReadOnlyList<PeerInfo>> PeersByLatencyAsync() =>
        (await Peers.Ask<PeersByLatency>(GetPeersByLatency.Instance, TimeSpan.FromSeconds(5))).Peers;

    public async Task<Route?> RouteToAsync(ClusterNode to) =>
        (await Peers.Ask<CurrentRoute>(new GetRoute(to.PeerId), TimeSpan.FromSeconds(5))).Route;

    public override string ToString() => $"{Name} ({Region.ToText()}, {Role}) {Address}";
}

/// <summary>Collects the <see cref="EnvelopeReceived"/> a node's PeerManager hands to its inbound handler.</summary>
public sealed class Inbox
{
    private readonly ConcurrentQueue<EnvelopeReceived> _received = new();

    public IReadOnlyList<EnvelopeReceived> Received => [.. _received];
    public int CountFrom(PeerId peer) => _received.Count(r => r.From == peer);

    /// <summary>Called (on the collector's thread) with every envelope as it arrives, after it is recorded.</summary>
    public Action<EnvelopeReceived>? OnReceived { get; set; }

    public Props Props() => Akka.Actor.Props.Create(() => new Collector(this));

    private sealed class Collector : ReceiveActor
    {
        public Collector(Inbox inbox) => Receive<EnvelopeReceived>(e =>
        {
            inbox._received.Enqueue(e);
            inbox.OnReceived?.Invoke(e);
        });
    }
}

/// <summary>Stands in for the NodeGuardian at /user/node: hosts the PeerManager at /user/node/peers.</summary>
internal sealed class NodeHost : ReceiveActor
{
    /// <summary>Query: the PeerManager's ref, answered with an <see cref="IActorRef"/>.</summary>
    public sealed record GetPeerManager
    {
        public static GetPeerManager Instance { get; } = new();
    }

    public NodeHost(Props peers)
    {
        var manager = Context.ActorOf(peers, "peers");
        Receive<GetPeerManager>(_ => Sender.Tell(manager));
    }

    public static Props Props(Props peers) => Akka.Actor.Props.Create(() => new NodeHost(peers));

    protected override SupervisorStrategy SupervisorStrategy() => Akka.Actor.SupervisorStrategy.DefaultStrategy;
}
