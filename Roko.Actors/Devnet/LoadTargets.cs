namespace Roko.Actors.Devnet;

/// <summary>Which validators' mempools the devnet's load generator submits to (roko.devnet.load-targets).</summary>
public enum LoadTargets
{
    /// <summary>Every validator in turn, as clients spread over a network's nodes.</summary>
    All,
    /// <summary>The first validator only: every transaction enters the network at one node.</summary>
    First,
}
