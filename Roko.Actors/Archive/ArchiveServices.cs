using Roko.Actors.Archive.ReadModel;

namespace Roko.Actors.Archive;

/// <summary>An archive node's read model: its settings, database, the indexer's writer and the query API's reads.</summary>
public sealed class ArchiveServices(ArchiveSettings settings, ReadModelDatabase database, string projection) : IAsyncDisposable
{
    public ArchiveSettings Settings { get; } = settings;
    public ReadModelDatabase Database { get; } = database;
    public ArchiveWriter Writer { get; } = new(database, projection);
    public ArchiveQueries Queries { get; } = new(database, projection);

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
