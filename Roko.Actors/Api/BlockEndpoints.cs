using System.Globalization;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Roko.Actors.Ledger;
using Roko.Actors.Persistence;

namespace Roko.Actors.Api;

/// <summary>GET /blocks/head and GET /blocks/{height}: recent blocks from the chain store, older ones from its journal.</summary>
public static class BlockEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/blocks/head", async (NodeApi api, CancellationToken cancel) =>
        {
            var status = await api.StatusAsync(cancel);
            if (!status.Ready || status.Tip is null) return ApiResults.NotReady("the chain head");
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
            if (!status.Ready || status.Tip is null) return ApiResults.NotReady("blocks");
            if (h > status.Tip.Height)
                return ApiResults.Error(StatusCodes.Status404NotFound, $"block {h} is not committed yet; the head is at height {status.Tip.Height}", "height");
            return await BlockAtAsync(api, status.Chain!, h, status.Tip.Height, cancel);
        });
    }

    private static async Task<IResult> BlockAtAsync(NodeApi api, IActorRef chain, ulong height, ulong head, CancellationToken cancel)
    {
        var recent = await api.AskAsync<ChainStoreProtocol.CurrentBlock>(chain, new ChainStoreProtocol.GetBlock(height), cancel);
        var block = recent.Block;
        if (block is null)
        {
            try
            {
                block = JournalBlockLookup.Find(api.Services.Settings.DatabasePath, "chain/" + api.Services.Genesis.ChainId, height);
            }
            catch (SqliteException e)
            {
                return ApiResults.Error(StatusCodes.Status503ServiceUnavailable, $"block {height} could not be read from the journal now: {e.Message}");
            }
        }
        return block is null
            ? ApiResults.Error(StatusCodes.Status404NotFound, $"block {height} (head {head}) is neither in memory nor in this node's journal", "height")
            : Results.Json(ToResponse(block), ApiJsonContext.Default.BlockResponse);
    }

    public static BlockResponse ToResponse(Block block)
    {
        var h = block.Header;
        return new BlockResponse(h.Height, block.Hash.ToString(), h.PreviousHash.ToString(), h.Cutoff.ToString(), h.BlockTime.ToString(),
            h.Proposer.ToString(), h.TransactionRoot.ToString(), h.StateRoot.ToString(), block.Transactions.Length,
            [.. block.Transactions.Select(t => t.Id.ToString())], block.Commit.Round, block.Commit.Signatures.Length);
    }
}
