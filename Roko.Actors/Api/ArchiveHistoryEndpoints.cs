using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Builder;
using Roko.Actors.Archive;
using static Roko.Actors.Api.ArchiveEndpoints;

namespace Roko.Actors.Api;

/// <summary>
/// The archive's account history (paged with an opaque cursor), account state at a past height, validator set at a
/// height, and throughput/finality analytics per time bucket over a height range.
/// </summary>
public static class ArchiveHistoryEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/archive/accounts/{address}/history", (string address, HttpRequest request, NodeApi api, CancellationToken cancel) => Archived(api, async archive =>
        {
            var (account, problem) = ArchiveQueryParameters.Account(address);
            if (problem is not null) return ApiResults.BadField(problem);
            var (limit, limitProblem) = ArchiveQueryParameters.Limit(request.Query, archive.Settings);
            if (limitProblem is not null) return ApiResults.BadField(limitProblem);
            var (cursor, cursorProblem) = ArchiveQueryParameters.Cursor(request.Query);
            if (cursorProblem is not null) return ApiResults.BadField(cursorProblem);
            var page = await archive.Queries.AccountHistoryAsync(account, cursor, limit, cancel);
            return Results.Json(new AccountHistoryResponse(account.ToString(),
                [.. page.Entries.Select(e => new AccountChangeResponse(e.Change.Height, e.Change.BalanceBefore.ToString(), e.Change.BalanceAfter.ToString(),
                    e.Change.StakeBefore.ToString(), e.Change.StakeAfter.ToString(), Units(e.Change.BalanceAfter),
                    [.. e.TransactionIds.Select(id => id.ToString())]))],
                page.Next?.Encode()), ApiJsonContext.Default.AccountHistoryResponse);
        }));

        app.MapGet("/archive/accounts/{address}/state", (string address, HttpRequest request, NodeApi api, CancellationToken cancel) => Archived(api, async archive =>
        {
            var (account, problem) = ArchiveQueryParameters.Account(address);
            if (problem is not null) return ApiResults.BadField(problem);
            var (height, heightProblem) = ArchiveQueryParameters.Height(request.Query, "height", required: false);
            if (heightProblem is not null) return ApiResults.BadField(heightProblem);
            var (indexed, unavailable) = await IndexedAtLeastAsync(archive, height, cancel);
            if (unavailable is not null) return unavailable;
            var state = await archive.Queries.AccountStateAsync(account, height ?? indexed, cancel);
            return Results.Json(new AccountStateResponse(account.ToString(), state.Height, state.Balance.ToString(), Units(state.Balance),
                state.Stake.ToString(), Units(state.Stake), state.ChangedAt), ApiJsonContext.Default.AccountStateResponse);
        }));

        app.MapGet("/archive/validators", (HttpRequest request, NodeApi api, CancellationToken cancel) => Archived(api, async archive =>
        {
            var (height, problem) = ArchiveQueryParameters.Height(request.Query, "height", required: true, min: 1);
            if (problem is not null) return ApiResults.BadField(problem);
            // The validators of block h are fixed by the state after h - 1.
            var (_, unavailable) = await IndexedAtLeastAsync(archive, height - 1, cancel);
            if (unavailable is not null) return unavailable;
            var set = await archive.Queries.ValidatorSetAsync(height!.Value, cancel);
            if (set is null) return ApiResults.Error(StatusCodes.Status404NotFound, $"no validator set is indexed for height {height}", "height");
            var total = set.Members.Aggregate(Primitives.Amount.Zero, (sum, v) => sum + v.Stake);
            return Results.Json(new ValidatorSetResponse(height.Value, set.FromHeight, set.Hash.ToString(), total.ToString(),
                [.. set.Members.Select(v => new ValidatorResponse(v.Key.ToString(), v.Stake.ToString(), v.Region))]), ApiJsonContext.Default.ValidatorSetResponse);
        }));

        app.MapGet("/archive/analytics", (HttpRequest request, NodeApi api, CancellationToken cancel) => Archived(api, async archive =>
        {
            var (from, to, problem) = ArchiveQueryParameters.Range(request.Query, archive.Settings.MaxAnalyticsRange, "roko.archive.query.max-analytics-range");
            if (problem is not null) return ApiResults.BadField(problem);
            var (bucket, bucketProblem) = ArchiveQueryParameters.Bucket(request.Query, archive.Settings);
            if (bucketProblem is not null) return ApiResults.BadField(bucketProblem);
            var buckets = ThroughputAnalytics.Buckets(await archive.Queries.TimingsAsync(from, to, cancel), bucket);
            return Results.Json(new AnalyticsResponse(from, to, bucket.TotalSeconds,
                [.. buckets.Select(b => new ThroughputBucketResponse(b.Start.ToString(), Nanos(b.Start.UnixNanoseconds), b.Blocks, b.Transactions,
                    b.TransactionsPerSecond, b.TransactionFinalityP50Ms, b.TransactionFinalityP90Ms, b.TransactionFinalityP99Ms,
                    b.BlockFinalityP50Ms, b.BlockFinalityP99Ms))]), ApiJsonContext.Default.AnalyticsResponse);
        }));
    }

    /// <summary>The indexed height, or a 404 naming <c>height</c> when <paramref name="height"/> is not indexed yet.</summary>
    private static async Task<(ulong Indexed, IResult? Unavailable)> IndexedAtLeastAsync(ArchiveServices archive, ulong? height, CancellationToken cancel)
    {
        var indexed = await archive.Queries.IndexedHeightAsync(cancel);
        if (indexed is null) return (0, ApiResults.Error(StatusCodes.Status503ServiceUnavailable, "the archive has not indexed genesis yet", code: "not_ready"));
        if (height > indexed)
            return (indexed.Value, ApiResults.Error(StatusCodes.Status404NotFound, $"height {height} is not indexed yet; the archive is at height {indexed}", "height"));
        return (indexed.Value, null);
    }
}
