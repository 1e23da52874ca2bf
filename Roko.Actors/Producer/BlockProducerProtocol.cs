namespace Roko.Actors.Producer;

public static class BlockProducerProtocol
{
    /// <summary>Timer tick: time to seal the next slice.</summary>
    public sealed record ProduceBlock
    {
        public static ProduceBlock Instance { get; } = new();
    }

    /// <summary>Timer tick: the chain store did not answer a commit in time; ask it for the tip again.</summary>
    public sealed record CommitTimedOut(ulong Height);
}
