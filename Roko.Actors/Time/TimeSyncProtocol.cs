using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Clocks;

namespace Roko.Actors.Time;

public static class TimeSyncProtocol
{
    /// <summary>
    /// One peer to sample: its name, where its time-probe socket is (its remoting host and the UDP port its handshake
    /// announced) and the node key its handshake announced, which must sign its attestations.
    /// </summary>
    public sealed record TimePeer(string Name, string Host, int Port, PublicKey Key);

    /// <summary>
    /// Sent by the PeerManager whenever its established peers change, to replace the peer list.
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
        /// <summary>
        /// A time card's sampler only: whether its own card is a falseticker (<see cref="TimeCardCheck"/>), its interval
        /// disjoint from what its peers agree on; it then no longer counts as a time card.
        /// </summary>
        public bool CardFalseticker { get; init; }

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

    /// <summary>
    /// Published on the event stream when a time card's own check changes: its interval stayed disjoint from its peers'
    /// agreement (<paramref name="Falseticker"/>) or agrees with it again.
    /// </summary>
    public sealed record TimeCardChecked(bool Falseticker, long OwnLowNanos, long OwnHighNanos, long AgreedLowNanos, long AgreedHighNanos,
        int Agreeing, int Sources);

    /// <summary>The sampler's own timer tick: evaluate the round, then probe every peer.</summary>
    public sealed class SyncTick
    {
        public static SyncTick Instance { get; } = new();

        private SyncTick()
        {
        }
    }
}
