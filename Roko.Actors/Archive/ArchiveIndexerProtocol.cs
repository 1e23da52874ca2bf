namespace Roko.Actors.Archive;

public static class ArchiveIndexerProtocol
{
    /// <summary>Event-stream notice from the indexer: the read model now holds every block up to <paramref name="Height"/>.</summary>
    public sealed record BlockIndexed(ulong Height, long SequenceNr);

    /// <summary>Asks the indexer where it stands; answered by <see cref="IndexerStatus"/>.</summary>
    public sealed record GetIndexerStatus
    {
        public static GetIndexerStatus Instance { get; } = new();
    }

    /// <summary><paramref name="Height"/> is null until the indexer has resumed (or projected genesis).</summary>
    public sealed record IndexerStatus(ulong? Height, long SequenceNr);

    /// <summary>To itself: the read model's schema exists and this is where the projection stands.</summary>
    internal sealed record Resumed(ReadModel.ProjectionProgress Progress);

    /// <summary>Stream protocol of the query journal's sink (Sink.ActorRefWithAck).</summary>
    internal sealed record StreamStarted
    {
        public static StreamStarted Instance { get; } = new();
    }

    internal sealed record StreamAck
    {
        public static StreamAck Instance { get; } = new();
    }

    internal sealed record StreamCompleted
    {
        public static StreamCompleted Instance { get; } = new();
    }

    internal sealed record StreamFailed(Exception Cause);
}
