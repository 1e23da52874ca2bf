using System.Data.Common;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Roko.Actors.Archive;
using Roko.Actors.Crypto;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Api;

/// <summary>
/// The archive's historical query API over its read model: status, blocks by height range and by hash, a transaction
/// with its inclusion proof. Account, validator and analytics queries are in <see cref="ArchiveHistoryEndpoints"/>.
/// Nodes that are not archives answer 404 (code not_archive); a read model that cannot be read now answers 503.
/// </summary>
public static class ArchiveEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/archive/status", (NodeApi api, CancellationToken cancel) => Archived(api, async archive =>
        {
            var status = await api.StatusAsync(cancel);
            return Results.Json(new ArchiveStatusResponse(await archive.Queries.IndexedHeightAsync(cancel), status.Tip?.Height, archive.Database.Name),
                ApiJsonContext.Default.ArchiveStatusResponse);
        }));

        app.MapGet("/archive/blocks", (HttpRequest request, NodeApi api, CancellationToken cancel) => Archived(api, async archive =>
        {
            var (from, to, problem) = ArchiveQueryParameters.Range(request.Query, archive.Settings.MaxBlockRange, "roko.archive.query.max-block-range");
            if (problem is not null) return ApiResults.BadField(problem);
            var rows = await archive.Queries.BlocksAsync(from, to, cancel);
            return Results.Json(new ArchiveBlocksResponse(from, to, [.. rows.Select(r => ToResponse(r))]), ApiJsonContext.Default.ArchiveBlocksResponse);
        }));

        app.MapGet("/archive/blocks/{hash}", (string hash, NodeApi api, CancellationToken cancel) => Archived(api, async archive =>
        {
            var (h, problem) = ArchiveQueryParameters.Hash(hash, "hash");
            if (problem is not null) return ApiResults.BadField(problem);
            var row = await archive.Queries.BlockByHashAsync(h, cancel);
            if (row is null) return ApiResults.Error(StatusCodes.Status404NotFound, $"no indexed block has hash {hash}", "hash");
            var signatures = await archive.Queries.SignaturesAsync(row.Height, cancel);
            return Results.Json(ToResponse(row, signatures), ApiJsonContext.Default.ArchiveBlockResponse);
        }));

        app.MapGet("/archive/txs/{id}", (string id, NodeApi api, CancellationToken cancel) => Archived(api, async archive =>
        {
            var (txId, problem) = ArchiveQueryParameters.Hash(id, "id");
            if (problem is not null) return ApiResults.BadField(problem);
            var tx = await archive.Queries.TransactionAsync(txId, cancel);
            var row = tx is null ? null : await archive.Queries.BlockAtAsync(tx.Height, cancel);
            if (tx is null || row is null) return ApiResults.Error(StatusCodes.Status404NotFound, $"no indexed transaction has id {id}", "id");
            var block = Block.Decode(row.Encoded);
            var proof = MerkleTree.Prove([.. block.Transactions.Select(t => t.Id)], tx.Position);
            return Results.Json(new ArchiveTransactionResponse(tx.Id.ToString(), tx.Height, tx.Position, row.Hash.ToString(), row.TransactionRoot.ToString(),
                tx.Kind.ToString().ToLowerInvariant(), tx.Sender.ToString(), tx.Recipient?.ToString(), tx.Amount.ToString(), Units(tx.Amount),
                tx.Timestamp.ToString(), Nanos(tx.Timestamp.UnixNanoseconds),
                new MerkleProofResponse(proof.Index, proof.LeafCount, [.. proof.Siblings.Select(s => s.ToString())])),
                ApiJsonContext.Default.ArchiveTransactionResponse);
        }));

        ArchiveHistoryEndpoints.Map(app);
    }

    /// <summary>Runs <paramref name="query"/> on an archive's read model; 404 on other nodes, 503 when the database fails.</summary>
    internal static async Task<IResult> Archived(NodeApi api, Func<ArchiveServices, Task<IResult>> query)
    {
        if (api.Services.Archive is not { } archive)
            return ApiResults.Error(StatusCodes.Status404NotFound,
                $"this node is a {api.Services.Settings.Role.ToString().ToLowerInvariant()}; historical queries are answered by archive nodes", code: "not_archive");
        try
        {
            return await query(archive);
        }
        catch (DbException e)
        {
            return ApiResults.Error(StatusCodes.Status503ServiceUnavailable, $"the archive read model ({archive.Database.Name}) cannot be read now: {e.Message}");
        }
    }

    public static ArchiveBlockResponse ToResponse(BlockRow row, IReadOnlyList<CommitSignatureRow>? signatures = null) =>
        new(BlockEndpoints.ToResponse(Block.Decode(row.Encoded)), row.FinalizedAt.ToString(), Nanos(row.FinalizedAt.UnixNanoseconds),
            row.ValidatorSetHash.ToString(),
            signatures?.Select(s => new CommitSignatureResponse(s.Validator.ToString(), s.Stake.ToString(), s.Clock.Earliest.ToString(),
                s.Clock.Latest.ToString(), Nanos(s.Clock.Earliest.UnixNanoseconds), Nanos(s.Clock.Latest.UnixNanoseconds))).ToArray());

    internal static string Nanos(long value) => value.ToString(CultureInfo.InvariantCulture);

    internal static string Units(Amount amount) => amount.BaseUnits.ToString(CultureInfo.InvariantCulture);
}
