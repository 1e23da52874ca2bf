using System.Collections.Concurrent;
using Akka.Actor;
using static Roko.Actors.Time.TimeSyncProtocol;

namespace Roko.Actors.Time.Bench;

/// <summary>Counts the <see cref="FalsetickerDetected"/> events published in one bench node's actor system.</summary>
public sealed class FalsetickerTally : ReceiveActor
{
    public FalsetickerTally(ConcurrentDictionary<string, long> detections)
    {
        Receive<FalsetickerDetected>(detected => detections.AddOrUpdate(detected.Peer, 1, (_, count) => count + 1));
    }

    public static Props Props(ConcurrentDictionary<string, long> detections) =>
        Akka.Actor.Props.Create(() => new FalsetickerTally(detections));

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(FalsetickerDetected));
}
