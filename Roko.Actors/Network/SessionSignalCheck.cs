using Roko.Actors.Crypto;
using Roko.Actors.Primitives;

namespace Roko.Actors.Network;

/// <summary>Why a peer session's <see cref="SessionSignal"/> was refused.</summary>
public enum SessionSignalRejection
{
    /// <summary>Not a well-formed signal (also: an unsigned message of an older format).</summary>
    Malformed,
    /// <summary>A signal of another kind than the message it travels in says.</summary>
    WrongKind,
    /// <summary>The signature does not verify: forged or damaged.</summary>
    BadSignature,
    /// <summary>Signed by another key than the one the peer's verified handshake proved (or than its earlier reply).</summary>
    SignerMismatch,
    /// <summary>Answers no hello or ping this session sent lately: late, or replayed. Not held against the peer.</summary>
    Unsolicited,
}

/// <summary>What <see cref="SessionSignalCheck"/> decided.</summary>
public abstract record SessionSignalVerdict
{
    private SessionSignalVerdict() { }

    /// <param name="PingStamp">For a pong: the stamp of the ping it answers, as this node recorded it.</param>
    public sealed record Accepted(SessionSignal Signal, long PingStamp = 0) : SessionSignalVerdict;

    public sealed record Rejected(SessionSignalRejection Reason, string Detail) : SessionSignalVerdict
    {
        /// <summary>Whether the message counts against its sender: every rejection but a late or replayed answer.</summary>
        public bool RaisesSuspicion => Reason != SessionSignalRejection.Unsolicited;

        public override string ToString() => $"{Reason}: {Detail}";
    }
}

/// <summary>
/// One peer session's check of the signals its peer sends (handshake replies, pings, pongs): well formed, of the expected
/// kind, signed, by the key the peer's handshake proved when that is known, and — for replies — answering a hello or ping
/// this session sent lately. It remembers the digests of the last <c>rememberedHellos</c> hellos and of the last
/// <c>rememberedPings</c> pings sent (a pong is taken once). Pure and single-threaded.
/// </summary>
public sealed class SessionSignalCheck
{
    private readonly RecentQueue<Hash32> _hellos;
    private readonly Dictionary<Hash32, long> _pingStamps = [];
    private readonly RecentQueue<Hash32> _pings;

    public SessionSignalCheck(int rememberedHellos, int rememberedPings)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rememberedHellos, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rememberedPings, 1);
        _hellos = new RecentQueue<Hash32>(rememberedHellos, _ => { });
        _pings = new RecentQueue<Hash32>(rememberedPings, forgotten => _pingStamps.Remove(forgotten));
    }

    /// <summary>The digest a reply to <paramref name="encoded"/> (a hello's handshake envelope, or a ping's signal) names.</summary>
    public static Hash32 DigestOf(ReadOnlySpan<byte> encoded) => Sha256.Hash(encoded);

    /// <summary>This session sent a hello carrying <paramref name="encodedHandshake"/>: replies to it are expected.</summary>
    public void HelloSent(ReadOnlySpan<byte> encodedHandshake) => _hellos.Add(DigestOf(encodedHandshake));

    /// <summary>This session sent the ping <paramref name="encodedPing"/> stamped <paramref name="stamp"/>: one pong to it is expected.</summary>
    public void PingSent(ReadOnlySpan<byte> encodedPing, long stamp)
    {
        var digest = DigestOf(encodedPing);
        if (_pingStamps.TryAdd(digest, stamp)) _pings.Add(digest);
    }

    /// <param name="peerKey">The key the peer's verified handshake proved; null before (any signer is then taken, and the caller
    /// compares it with the handshake once that is verified).</param>
    public SessionSignalVerdict Open(ReadOnlySpan<byte> encoded, SessionSignalKind expected, PublicKey? peerKey)
    {
        SessionSignal signal;
        try
        {
            signal = SessionSignal.Decode(encoded);
        }
        catch (Exception e) when (e is CanonicalDecodingException or ArgumentException)
        {
            return Reject(SessionSignalRejection.Malformed, e.Message);
        }
        if (signal.Kind != expected)
            return Reject(SessionSignalRejection.WrongKind, $"a {signal.Kind} signal where a {expected} was due");
        if (!signal.HasValidSignature())
            return Reject(SessionSignalRejection.BadSignature, $"{expected} signature of {signal.Signer} does not verify");
        if (peerKey is { } key && signal.Signer != key)
            return Reject(SessionSignalRejection.SignerMismatch, $"{expected} signed by {signal.Signer}, the peer's handshake proved {key}");
        switch (expected)
        {
            case SessionSignalKind.HelloAccepted or SessionSignalKind.HelloRefused when !_hellos.Contains(signal.Answers):
                return Reject(SessionSignalRejection.Unsolicited, $"{expected} answers {signal.Answers.Short}, no hello this session sent lately");
            case SessionSignalKind.Pong:
                if (!_pingStamps.Remove(signal.Answers, out long stamp))
                    return Reject(SessionSignalRejection.Unsolicited, $"pong answers {signal.Answers.Short}, no ping awaiting its pong");
                _pings.Remove(signal.Answers);
                return new SessionSignalVerdict.Accepted(signal, stamp);
            default:
                return new SessionSignalVerdict.Accepted(signal);
        }
    }

    private static SessionSignalVerdict.Rejected Reject(SessionSignalRejection reason, string detail) => new(reason, detail);

    /// <summary>The last <c>capacity</c> members added, oldest forgotten first (telling <c>onForget</c>).</summary>
    private sealed class RecentQueue<T>(int capacity, Action<T> onForget) where T : notnull
    {
        private readonly LinkedList<T> _order = new();
        private readonly Dictionary<T, LinkedListNode<T>> _nodes = [];

        public bool Contains(T member) => _nodes.ContainsKey(member);

        public void Add(T member)
        {
            if (_nodes.ContainsKey(member)) return;
            _nodes[member] = _order.AddLast(member);
            if (_order.Count <= capacity) return;
            var oldest = _order.First!.Value;
            Remove(oldest);
            onForget(oldest);
        }

        public void Remove(T member)
        {
            if (!_nodes.Remove(member, out var node)) return;
            _order.Remove(node);
        }
    }
}
