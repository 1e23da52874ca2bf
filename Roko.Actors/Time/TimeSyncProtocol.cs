using Akka.Actor;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Wire;

namespace Roko.Actors.Time;

public static class TimeSyncProtocol
{
    /// <summary>
    /// Sent by a sampler to a peer's time-sync actor every probe interval. <paramref name="T1"/> is the sender's raw
    /// source time at sending; the peer echoes it and <paramref name="ProbeId"/> back.
    /// </summary>
    public sealed record TimeProbe(NanoMoment T1, long ProbeId) : IWireMessage;

    /// <summary>
    /// A node's answer to <see cref="TimeProbe"/>, stamped from its disciplined clock: T2 at receipt, T3 just before
    /// sending. True time lay within ± <paramref name="PeerErrorNanos"/> of both; an unsynchronized peer says so in
    /// <paramref name="PeerStatus"/> and claims <see cref="long.MaxValue"/>.
    /// </summary>
    public sealed record TimeProbeReply(
        NanoMoment T1,
        NanoMoment T2,
        NanoMoment T3,
        long ProbeId,
        long PeerErrorNanos,
        ClockStatus PeerStatus) : IWireMessage
    {
        /// <summary>Whether the peer vouches for its time: synchronized or free-running with a bounded error.</summary>
        public bool IsUsableSource => PeerStatus != ClockStatus.Unsynchronized && PeerErrorNanos is >= 0 and < long.MaxValue;
    }

    /// <summary>One peer to sample: its name and where its time-sync actor is (an IActorRef or an ActorSelection).</summary>
    public sealed record TimePeer(string Name, ICanTell Target)
    {
        public static TimePeer At(ActorSystem system, string name, ActorPath timeSyncPath) =>
            new(name, system.ActorSelection(timeSyncPath));
    }

    /// <summary>
    /// Sent by whoever knows the membership (the node guardian, later the peer manager) to replace the peer list.
    /// Samples of peers no longer listed are dropped.
    /// </summary>
    public sealed record SetTimePeers(IReadOnlyList<TimePeer> Peers);

    /// <summary>From a failed sampler to its next incarnation: the peers it had, used unless a newer <see cref="SetTimePeers"/> came first.</summary>
    public sealed record TimePeersHandedOver(IReadOnlyList<TimePeer> Peers);

    /// <summary>Asks the sampler for its latest <see cref="TimeSyncStatus"/>.</summary>
    public sealed class GetTimeSyncStatus
    {
        public static GetTimeSyncStatus Instance { get; } = new();

        private GetTimeSyncStatus()
        {
        }
    }

    /// <summary>
    /// Published on the event stream after every round and answered to <see cref="GetTimeSyncStatus"/>; the metrics hooks.
    /// <paramref name="TimeDriftNanos"/> (metric <c>time_drift</c>) is how far network time was ahead of our clock at the
    /// round, ns; <paramref name="SyncAccuracyNanos"/> (metric <c>sync_accuracy</c>) is the half-width of our clock's
    /// interval when the round ended, ns (<see cref="long.MaxValue"/> while unbounded). <paramref name="Sources"/> of the
    /// <paramref name="TimePeers"/> peers sampled had a fresh, bounded time attestation in hand at the round.
    /// </summary>
    public sealed record TimeSyncStatus(
        long Round,
        SyncOutcome Outcome,
        long TimeDriftNanos,
        long SyncAccuracyNanos,
        long AgreedHalfWidthNanos,
        int Agreeing,
        int Sources,
        int TimePeers,
        IReadOnlyList<string> Falsetickers,
        double? FrequencyPpb,
        ClockStatus ClockStatus)
    {
        public static TimeSyncStatus Initial(ClockStatus clockStatus) =>
            new(0, SyncOutcome.TooFewSources, 0, long.MaxValue, long.MaxValue, 0, 0, 0, [], null, clockStatus);

        /// <summary>
        /// Metric <c>attestation_rate</c>: the share of the peers we sample whose time attestation (a fresh reply from
        /// a bounded clock) we hold; null while we sample no peer.
        /// </summary>
        public double? AttestationRate => TimePeers == 0 ? null : Math.Min(1.0, (double)Sources / TimePeers);
    }

    /// <summary>
    /// Published on the event stream when a round finds a source whose interval does not contain the agreed one:
    /// true time minus our raw clock lay in [AgreedLowNanos, AgreedHighNanos], the peer claimed [PeerLowNanos, PeerHighNanos].
    /// </summary>
    public sealed record FalsetickerDetected(
        string Peer,
        long Round,
        long PeerLowNanos,
        long PeerHighNanos,
        long AgreedLowNanos,
        long AgreedHighNanos,
        int Agreeing,
        int Sources);

    /// <summary>
    /// Published on the event stream for every usable sample a sampler records (before filtering): how benches and
    /// diagnostics see the raw round trips and offsets. <paramref name="Sequence"/> is the probe's place in its round's
    /// burst (0 for the first).
    /// </summary>
    public sealed record ProbeSampled(string Peer, ProbeSample Sample, int Sequence);

    /// <summary>The sampler's own timer tick: evaluate the round, then probe every peer.</summary>
    public sealed class SyncTick
    {
        public static SyncTick Instance { get; } = new();

        private SyncTick()
        {
        }
    }
}
