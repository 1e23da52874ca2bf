using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Primitives;

namespace Roko.Actors.Network;

/// <summary>Who this node is in the overlay: what its signed handshake announces.</summary>
public sealed record NodeIdentity(SigningKey Key, string Role, Region Region, string ChainId, Hash32 GenesisHash, string Version)
{
    /// <summary>
    /// Our handshake as of the clock reading <paramref name="now"/>: an unbounded interval is reported as an
    /// unsynchronized clock, a bounded one as synchronized with its half-width as the uncertainty. The envelope is
    /// stamped at <paramref name="estimate"/>, the clock's estimate (an unbounded interval has no midpoint to stand in).
    /// It offers the <paramref name="codecs"/> this node decodes (roko.network.compression).
    /// </summary>
    public Envelope SealHandshake(NanoInterval now, NanoMoment estimate, AcceptedCodecs codecs = AcceptedCodecs.None)
    {
        var status = now.IsBounded ? ClockStatus.Synchronized : ClockStatus.Unsynchronized;
        var handshake = new Handshake(Key.PublicKey, Role, Region, ChainId, GenesisHash, Version, status,
            now.IsBounded ? now.HalfWidthNanos : long.MaxValue, codecs);
        return handshake.Seal(Key, estimate);
    }
}
