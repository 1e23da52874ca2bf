using System.Net;
using Roko.Actors.Api;
using Roko.Actors.Tests.Archive;
using Xunit;
using static Roko.Actors.Tests.Api.ApiRequests;

namespace Roko.Actors.Tests.Api;

/// <summary>
/// GET /blocks/{height} for blocks older than the chain store keeps in memory: read from the node's journal, on SQLite
/// and (with a test server) PostgreSQL.
/// </summary>
public sealed class JournalBlocksSpec
{
    public static TheoryData<string> Providers => ArchiveTestDatabase.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Blocks_should_be_served_from_the_journal_when_older_than_the_recent_blocks_in_memory(string provider)
    {
        await using var db = await ArchiveTestDatabase.CreateAsync(provider);
        await using var node = await ApiNode.StartAsync("roko.chain.recent-blocks = 2\n" + db.NodeHocon);
        await node.AwaitHeightAsync(5, TimeSpan.FromSeconds(60));

        using var response = await node.Client.GetAsync("blocks/1");
        var second = await BodyAsync(await node.Client.GetAsync("blocks/2"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var first = await BodyAsync(response);
        Assert.Equal(1UL, first.GetProperty("height").GetUInt64());
        Assert.Equal(BlockEndpoints.BlockSource.Journal, first.GetProperty("source").GetString());
        Assert.Equal(node.Genesis.Hash.ToString(), first.GetProperty("previousHash").GetString());
        Assert.Equal(first.GetProperty("hash").GetString(), second.GetProperty("previousHash").GetString());
    }
}
