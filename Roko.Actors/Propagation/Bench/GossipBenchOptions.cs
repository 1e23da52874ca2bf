namespace Roko.Actors.Propagation.Bench;

/// <summary>What <c>roko bench gossip</c> runs: <see cref="Nodes"/> in-process nodes spreading <see cref="Messages"/> blocks.</summary>
/// <param name="MessageInterval">Time between two originations (each from a random node).</param>
/// <param name="Seed">Seeds the choice of origins and the payloads.</param>
public sealed record GossipBenchOptions(int Nodes, PropagationStrategy Strategy, bool Wan, int Messages, TimeSpan MessageInterval, int Seed)
{
    public const int DefaultNodes = 12;
    public const int DefaultMessages = 200;
    public const int DefaultSeed = 1;
    public const int MinimumNodes = 2;
    /// <summary>Messages per second: low enough that twelve nodes sharing two cores are not CPU-bound under flood.</summary>
    public const double DefaultRate = 20;
    public static readonly TimeSpan DefaultMessageInterval = TimeSpan.FromSeconds(1 / DefaultRate);

    /// <summary>Bytes of every benchmark payload: a 4-byte message index, then seeded random bytes.</summary>
    public const int PayloadBytes = 512;
}
