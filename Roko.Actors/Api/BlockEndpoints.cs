using System.Data.Common;
using System.Globalization;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Roko.Actors.Ledger;
using Roko.Actors.Persistence;

namespace Roko.Actors.Api;

/// <summary>
/// GET /blocks/head and GET /blocks/{height}: recent blocks from the chain store; older ones from the archive read model on
/// archives, otherwise from the node's journal (through Akka.Persistence.Query, so on SQLite and PostgreSQL alike).
/// </summary>
public static class BlockEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/blocks/head", async (NodeApi api, CancellationToken cancel) =>
        {
            var status = await api.StatusAsync(cancel);
            if (status.Tip is null) return ApiResults.NotReady("the chain head");
            if (status.Tip.Height == 0)
                return ApiResults.Error(StatusCodes.Status404NotFound, "no block has been committed yet (height 0 is the genesis state)", "height");
            return await BlockAtAsync(api, status.Chain!, status.Tip.Height, status.Tip.Height, cancel);
        });

        app.MapGet("/blocks/{height}", async (string height, NodeApi api, CancellationToken cancel) =>
        {
            if (!ulong.TryParse(height, NumberStyles.None, CultureInfo.InvariantCulture, out ulong h))
                return ApiResults.BadField("height", $"'{height}' is not a block height (a whole number from 1)");
            if (h == 0) return ApiResults.BadField("height", "height 0 is the genesis state, which has no block; blocks start at 1");
            var status = await api.StatusAsync(cancel);
            if (status.Tip is null) return ApiResults.NotReady("blocks");
            if (h > status.Tip.Height)
                return ApiResults.Error(StatusCodes.Status404NotFound, $"block {h} is not committed yet; the head is at height {status.Tip.Height}", "height");
            return await BlockAtAsync(api, status.Chain!, h, status.Tip.Height, cancel);
        });
    }

    private static async Task<IResult> BlockAtAsync(NodeApi api, IActorRef chain, ulong height, ulong head, CancellationToken cancel)
    {
        var recent = await api.AskAsync<ChainStoreProtocol.CurrentBlock>(chain, new ChainStoreProtocol.GetBlock(height), cancel);
        if (recent.Block is { } inMemory) return Json(inMemory, BlockSource.Memory);
        // An archive has every indexed block in its read model (SQLite or PostgreSQL): the cheapest place to read an old one.
        if (api.Services.Archive is { } archive)
        {
            try
            {
                if (await archive.Queries.BlockAtAsync(height, cancel) is { } row) return Json(Block.Decode(row.Encoded), BlockSource.Archive);
            }
            catch (DbException e)
            {
                return ApiResults.Error(StatusCodes.Status503ServiceUnavailable, $"block {height} could not be read from the archive read model now: {e.Message}");
            }
        }
        Block? block;
        try
        {
            block = await ChainJournal.FindAsync(api.System, api.Services.Genesis.ChainId, height, cancel);
        }
        catch (Exception e) when (e is DbException or TimeoutException)
        {
            return ApiResults.Error(StatusCodes.Status503ServiceUnavailable, $"block {height} could not be read from the journal now: {e.Message}");
        }
        return block is null
            ? ApiResults.Error(StatusCodes.Status404NotFound, $"block {height} (head {head}) is neither in memory nor in this node's journal", "height")
            : Json(block, BlockSource.Journal);
    }

    private static IResult Json(Block block, string source) => Results.Json(ToResponse(block, source), ApiJsonContext.Default.BlockResponse);

    /// <summary>Where GET /blocks/{height} found a block (the response's <c>source</c>).</summary>
    public static class BlockSource
    {
        public const string Memory = "memory";
        public const string Archive = "archive";
        public const string Journal = "journal";
    }

    public static BlockResponse ToResponse(Block block, string source = BlockSource.Memory)
    {
        var h = block.Header;
        return new BlockResponse(h.Height, block.Hash.ToString(), h.PreviousHash.ToString(), h.Cutoff.ToString(), h.BlockTime.ToString(),
            h.Proposer.ToString(), h.TransactionRoot.ToString(), h.StateRoot.ToString(), block.Transactions.Length,
            [.. block.Transactions.Select(t => t.Id.ToString())], block.Commit.Round, block.Commit.Signatures.Length, source);
    }
}
