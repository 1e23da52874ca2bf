using Akka.Actor;
using static Roko.Actors.Network.Overlay.PeerManagerProtocol;

namespace Roko.Actors.Propagation;

/// <summary>
/// Stands at /user/node for an overlay-only node (bench, multi-node specs): the PeerManager at <c>peers</c>
/// (roko.network.session.peers-path) and the BlockPropagator at <c>propagator</c>, as NodeGuardian starts them: the
/// propagator subscribes to the PeerManager's admitted envelopes, and so does the observer when given.
/// </summary>
public sealed class PropagationHost : ReceiveActor
{
    public const string PeersName = "peers";
    public const string PropagatorName = "propagator";

    /// <summary>Query: the children's refs, answered with <see cref="Children"/>.</summary>
    public sealed record GetChildren
    {
        public static GetChildren Instance { get; } = new();
    }

    public sealed record Children(IActorRef Peers, IActorRef Propagator);

    /// <param name="peers">The PeerManager's props given its first envelope handler (<see cref="ActorRefs.Nobody"/> here: the handlers subscribe).</param>
    /// <param name="propagator">The BlockPropagator's props given the PeerManager.</param>
    /// <param name="observer">Also receives every admitted envelope (a test's inbox), or null.</param>
    public static Props Props(Func<IActorRef, Props> peers, Func<IActorRef, Props> propagator, IActorRef? observer = null) =>
        Akka.Actor.Props.Create(() => new PropagationHost(peers, propagator, observer));

    public PropagationHost(Func<IActorRef, Props> peers, Func<IActorRef, Props> propagator, IActorRef? observer)
    {
        var manager = Context.ActorOf(peers(ActorRefs.Nobody), PeersName);
        var spreader = Context.ActorOf(propagator(manager), PropagatorName);
        if (observer is not null) manager.Tell(new SubscribeEnvelopes(observer));
        Receive<GetChildren>(_ => Sender.Tell(new Children(manager, spreader)));
    }

    // Akka's default, spelled out (an overlay-only host of benches and specs, not under the node's restart policy): a child
    // whose start failed, that was killed or whose watched actor died is stopped; any other failure restarts it, without limit.
    private static readonly IDecider ChildFailures = Decider.From(Directive.Restart,
        Directive.Stop.When<ActorInitializationException>(),
        Directive.Stop.When<ActorKilledException>(),
        Directive.Stop.When<DeathPactException>(),
        Directive.Restart.When<Exception>());

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(ChildFailures);
}
