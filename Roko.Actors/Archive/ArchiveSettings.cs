using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Network;
using Roko.Actors.Nodes;
using Roko.Actors.Persistence;

namespace Roko.Actors.Archive;

/// <summary>The <c>roko.archive</c> block, read once; hocon/roko.conf documents every key.</summary>
public sealed record ArchiveSettings
{
    public const string Path = "roko.archive";
    public const string ReadModelFile = "archive.db";

    public required int FollowBuffer { get; init; }
    public required int DefaultPageSize { get; init; }
    public required int MaxPageSize { get; init; }
    public required int MaxBlockRange { get; init; }
    public required int MaxAnalyticsRange { get; init; }
    public required TimeSpan MinBucket { get; init; }
    public required TimeSpan MaxBucket { get; init; }

    public static ArchiveSettings Create(Config root)
    {
        var s = SettingsReader.Section(root, Path);
        var settings = new ArchiveSettings
        {
            FollowBuffer = s.Int("follow-buffer", 1),
            DefaultPageSize = s.Int("query.default-page-size", 1),
            MaxPageSize = s.Int("query.max-page-size", 1, 10_000),
            MaxBlockRange = s.Int("query.max-block-range", 1, 10_000),
            MaxAnalyticsRange = s.Int("query.max-analytics-range", 1, 10_000_000),
            MinBucket = s.Duration("query.min-bucket", TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(365)),
            MaxBucket = s.Duration("query.max-bucket", TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(365)),
        };
        if (settings.DefaultPageSize > settings.MaxPageSize)
            throw s.Invalid("query.default-page-size", $"must not exceed query.max-page-size ({settings.MaxPageSize})");
        if (settings.MinBucket > settings.MaxBucket)
            throw s.Invalid("query.min-bucket", $"must not exceed query.max-bucket ({settings.MaxBucket})");
        return settings;
    }

    /// <summary>Where the read model lives: archive.db next to chain.db, or the node's PostgreSQL database.</summary>
    public static ReadModel.ReadModelDatabase Database(PersistenceSettings persistence, NodeSettings node) =>
        persistence.Provider == PersistenceProvider.PostgreSql
            ? ReadModel.ReadModelDatabase.PostgreSql(persistence.PostgresConnectionString)
            : ReadModel.ReadModelDatabase.Sqlite(System.IO.Path.Combine(node.DataDir, ReadModelFile));
}
