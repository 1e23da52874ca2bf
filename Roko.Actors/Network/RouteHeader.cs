using System.Collections.Immutable;
using Roko.Actors.Crypto;

namespace Roko.Actors.Network;

/// <summary>
/// What travels beside an envelope sent along latency routes (structured delivery): the node keys it is still to reach
/// through the receiving node, and how many more hops it may take. Not signed (each hop rewrites it); the envelope it
/// travels with is. A receiver takes its own key out, hands the envelope to its application when its key was there, and
/// sends the rest on along its own shortest routes while hops are left.
/// </summary>
public sealed record RouteHeader(ImmutableArray<PublicKey> Destinations, int HopsLeft)
{
    /// <summary>Bytes the header takes in a frame entry: hops u8, count u16, 32 bytes per destination.</summary>
    public int EncodedSize => 1 + 2 + Destinations.Length * PublicKey.Size;

    public bool Equals(RouteHeader? other) =>
        other is not null && HopsLeft == other.HopsLeft && Destinations.SequenceEqual(other.Destinations);

    public override int GetHashCode() => HashCode.Combine(HopsLeft, Destinations.Length);

    public override string ToString() => $"{Destinations.Length} destination(s), {HopsLeft} hop(s) left";
}
