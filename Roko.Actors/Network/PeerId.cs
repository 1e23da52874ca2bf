namespace Roko.Actors.Network;

/// <summary>A node's identity in the overlay (its node key or cluster address as text); compared ordinally.</summary>
public readonly record struct PeerId(string Value) : IComparable<PeerId>
{
    public int CompareTo(PeerId other) => string.CompareOrdinal(Value, other.Value);
    public override string ToString() => Value;
}
