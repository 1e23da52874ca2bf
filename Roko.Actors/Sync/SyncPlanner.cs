using Roko.Actors.Hardware.Time;
using Roko.Actors.Network;

namespace Roko.Actors.Sync;

/// <summary>One range request: ask <see cref="Peer"/> for up to <see cref="Count"/> blocks from <see cref="From"/>.</summary>
public sealed record RangeRequest(long Id, PeerId Peer, ulong From, int Count, NanoMoment Deadline);

/// <summary>
/// The pure block-sync planner: which range to ask for next, from which peer, until when. One request is in flight at a
/// time (blocks must be applied in order anyway). Peers are asked in turn; a peer that answers badly or not at all is
/// skipped for a cooldown and the same range goes to the next peer at once. An empty answer means that peer has
/// nothing past our tip: we are caught up as far as it knows, and ask again after the poll interval. Resuming after an
/// interruption is just starting again from the chain store's tip. Time is passed in.
/// </summary>
public sealed class SyncPlanner(int maxRange, TimeSpan requestTimeout, TimeSpan pollInterval, TimeSpan peerCooldown, int minPeers = 1)
{
    private readonly SortedSet<PeerId> _peers = [];
    private readonly Dictionary<PeerId, NanoMoment> _coolingUntil = [];
    private NanoMoment _nextPoll = NanoMoment.MinValue;
    private PeerId? _lastAsked;
    private long _nextId = 1;

    public ulong Tip { get; private set; }
    public RangeRequest? InFlight { get; private set; }
    /// <summary>True from the first range that brought blocks until a peer answers that it has nothing more.</summary>
    public bool Syncing { get; private set; }
    public IReadOnlyCollection<PeerId> Peers => _peers;

    public static SyncPlanner Create(SyncSettings s) => new(s.MaxRange, s.RequestTimeout, s.PollInterval, s.PeerCooldown, s.MinPeers);

    /// <summary>True while fewer peers are known than sync needs before it asks any (<c>roko.sync.min-peers</c>).</summary>
    public bool WaitingForPeers => _peers.Count < minPeers;

    public void AddPeer(PeerId peer) => _peers.Add(peer);

    /// <summary>The peers now established; cooldowns of the ones that stay are kept.</summary>
    public void SetPeers(IEnumerable<PeerId> peers)
    {
        var now = peers.ToHashSet();
        foreach (var gone in _peers.Where(p => !now.Contains(p)).ToList()) RemovePeer(gone);
        foreach (var peer in now) _peers.Add(peer);
    }

    public void RemovePeer(PeerId peer)
    {
        _peers.Remove(peer);
        _coolingUntil.Remove(peer);
        if (InFlight?.Peer == peer) InFlight = null;
    }

    /// <summary>The chain store's tip; only ever moves forward (consensus may commit too).</summary>
    public void SetTip(ulong height) => Tip = Math.Max(Tip, height);

    /// <summary>
    /// The next request to send, or null: one is in flight, it is not time to poll, fewer peers are known than
    /// min-peers, or no peer is available.
    /// </summary>
    public RangeRequest? Next(NanoMoment now)
    {
        if (InFlight is not null || now < _nextPoll || WaitingForPeers) return null;
        if (PickPeer(now) is not { } peer) return null;
        _lastAsked = peer;
        InFlight = new RangeRequest(_nextId++, peer, Tip + 1, maxRange, now.Add(requestTimeout));
        return InFlight;
    }

    /// <summary>The request <paramref name="id"/> is answered with <paramref name="blocks"/> blocks (0: nothing past our tip).</summary>
    public bool IsCurrent(long id, PeerId peer) => InFlight is { } r && r.Id == id && r.Peer == peer;

    /// <summary>The blocks of the current answer are all applied; the tip is where they ended. Ask on at once.</summary>
    public void OnApplied(ulong newTip)
    {
        SetTip(newTip);
        InFlight = null;
        Syncing = true;
        _nextPoll = NanoMoment.MinValue;
    }

    /// <summary>The peer has nothing past our tip: caught up; poll again later.</summary>
    public void OnNothingNew(NanoMoment now)
    {
        InFlight = null;
        Syncing = false;
        _nextPoll = now.Add(pollInterval);
    }

    /// <summary>The answer was bad or missing: cool the peer down and ask the next one at once.</summary>
    public void OnRefused(PeerId peer, NanoMoment now)
    {
        _coolingUntil[peer] = now.Add(peerCooldown);
        InFlight = null;
        _nextPoll = NanoMoment.MinValue;
    }

    /// <summary>The chain moved under the answer (consensus committed the same height): drop it, no one's fault.</summary>
    public void OnSuperseded(ulong newTip)
    {
        SetTip(newTip);
        InFlight = null;
        _nextPoll = NanoMoment.MinValue;
    }

    /// <summary>Request <paramref name="id"/> timed out (its timer fired): same as a refused answer. False when it is no longer current.</summary>
    public bool OnTimeout(long id, NanoMoment now)
    {
        if (InFlight is not { } r || r.Id != id) return false;
        OnRefused(r.Peer, now);
        return true;
    }

    /// <summary>The in-flight request is past its deadline (a backstop for a lost timer tick).</summary>
    public bool Overdue(NanoMoment now) => InFlight is { } r && now >= r.Deadline;

    private PeerId? PickPeer(NanoMoment now)
    {
        var available = _peers.Where(p => !_coolingUntil.TryGetValue(p, out var until) || until <= now).ToList();
        if (available.Count == 0) return null;
        // Round robin from the peer after the last one asked, so a poll does not always land on the same peer.
        if (_lastAsked is { } last && available.FirstOrDefault(p => p.CompareTo(last) > 0) is { Value: not null } after) return after;
        return available[0];
    }
}
