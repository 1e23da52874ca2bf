using System.Globalization;
using Microsoft.AspNetCore.Http;
using Roko.Actors.Archive;
using Roko.Actors.Cli;
using Roko.Actors.Primitives;

namespace Roko.Actors.Api;

/// <summary>Reads and checks the query-string parameters of the archive API; every problem names the parameter and its limit.</summary>
public static class ArchiveQueryParameters
{
    public static (ulong? Value, FieldProblem? Problem) Height(IQueryCollection query, string name, bool required, ulong min = 0)
    {
        string? text = query[name];
        if (string.IsNullOrEmpty(text))
            return required ? (null, new FieldProblem(name, "is required (a block height, a whole number)")) : (null, null);
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value))
            return (null, new FieldProblem(name, $"'{text}' is not a block height (a whole number)"));
        if (value < min) return (null, new FieldProblem(name, $"must be at least {min}, got {value}"));
        return (value, null);
    }

    /// <summary>A height range [from, to] of at most <paramref name="maxBlocks"/> blocks (HOCON <paramref name="limitKey"/>).</summary>
    public static (ulong From, ulong To, FieldProblem? Problem) Range(IQueryCollection query, int maxBlocks, string limitKey)
    {
        var (from, fromProblem) = Height(query, "from", required: true, min: 1);
        if (fromProblem is not null) return (0, 0, fromProblem);
        var (to, toProblem) = Height(query, "to", required: true, min: 1);
        if (toProblem is not null) return (0, 0, toProblem);
        if (to < from) return (0, 0, new FieldProblem("to", $"must not be below from ({from}), got {to}"));
        if (to!.Value - from!.Value >= (ulong)maxBlocks)
            return (0, 0, new FieldProblem("to", $"the range {from}..{to} spans {to - from + 1} blocks; at most {maxBlocks} per request ({limitKey})"));
        return (from.Value, to.Value, null);
    }

    public static (int Limit, FieldProblem? Problem) Limit(IQueryCollection query, ArchiveSettings settings)
    {
        string? text = query["limit"];
        if (string.IsNullOrEmpty(text)) return (settings.DefaultPageSize, null);
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int limit) || limit < 1)
            return (0, new FieldProblem("limit", $"'{text}' is not a page size (a whole number from 1)"));
        if (limit > settings.MaxPageSize)
            return (0, new FieldProblem("limit", $"{limit} exceeds the largest page, {settings.MaxPageSize} (roko.archive.query.max-page-size)"));
        return (limit, null);
    }

    public static (HistoryCursor? Cursor, FieldProblem? Problem) Cursor(IQueryCollection query)
    {
        string? text = query["cursor"];
        if (string.IsNullOrEmpty(text)) return (null, null);
        var (cursor, error) = HistoryCursor.Decode(text);
        return error is null ? (cursor, null) : (null, new FieldProblem("cursor", error));
    }

    public static (TimeSpan Bucket, FieldProblem? Problem) Bucket(IQueryCollection query, ArchiveSettings settings)
    {
        string? text = query["bucket"];
        if (string.IsNullOrEmpty(text)) return (default, new FieldProblem("bucket", "is required (a duration such as 10s or 1m)"));
        if (!DurationText.TryParse(text, out var bucket, out string error)) return (default, new FieldProblem("bucket", error));
        if (bucket < settings.MinBucket || bucket > settings.MaxBucket)
            return (default, new FieldProblem("bucket",
                $"{text} is outside {settings.MinBucket} .. {settings.MaxBucket} (roko.archive.query.min-bucket, max-bucket)"));
        return (bucket, null);
    }

    public static (Hash32 Hash, FieldProblem? Problem) Hash(string text, string name) =>
        Hash32.TryParse(text, out var hash) ? (hash, null) : (default, new FieldProblem(name, $"'{text}' is not a hash (64 hex digits)"));

    public static (Address Address, FieldProblem? Problem) Account(string text) =>
        Primitives.Address.TryParse(text, out var address, out string error) ? (address, null) : (default, new FieldProblem("address", error));
}
