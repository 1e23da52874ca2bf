using Akka.Actor;
using Roko.Actors.Persistence;

namespace Roko.Actors.Devnet;

/// <summary>Lives in one node's ActorSystem and forwards that node's committed blocks to the load generator.</summary>
public sealed class ChainObserver : ReceiveActor
{
    public static Props Props(string node, IActorRef generator) => Akka.Actor.Props.Create(() => new ChainObserver(node, generator));

    public ChainObserver(string node, IActorRef generator)
    {
        Receive<ChainStoreProtocol.BlockCommitted>(e => generator.Tell(new LoadGeneratorProtocol.NodeCommitted(node, e.Block)));
    }

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(ChainStoreProtocol.BlockCommitted));
    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);
}
