using System.Diagnostics;
using Akka.Actor;
using static Roko.Actors.Propagation.BlockPropagatorProtocol;

namespace Roko.Actors.Propagation.Bench;

/// <summary>A benchmark node's application: subscribed to its propagator, notes every delivery in the shared log.</summary>
public sealed class DeliveryRecorder : ReceiveActor
{
    public static Props Props(DeliveryLog log, int node) => Akka.Actor.Props.Create(() => new DeliveryRecorder(log, node));

    public DeliveryRecorder(DeliveryLog log, int node) =>
        Receive<Delivered>(d => log.Delivered(node, BenchPayload.MessageIndexOf(d.Payload), Stopwatch.GetTimestamp()));

}
