using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Roko.Actors.Api;
using Roko.Actors.Tests.MultiNode;
using Xunit;
using static Roko.Actors.Tests.Api.ApiRequests;

namespace Roko.Actors.Tests.Api;

/// <summary>POST /txs and GET /txs/{id} against a real in-process node.</summary>
public sealed class TransactionEndpointsSpec(ApiNodeFixture fixture) : IClassFixture<ApiNodeFixture>
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    private ApiNode Node => fixture.Node;
    private HttpClient Client => fixture.Node.Client;

    [Fact]
    public async Task Post_txs_should_answer_202_with_the_id_and_the_transaction_should_become_finalized()
    {
        var tx = Transfer(Node, account: 0);

        using var response = await Client.PostAsync("txs", Json(tx));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await BodyAsync(response);
        Assert.Equal(tx.Id.ToString(), body.GetProperty("id").GetString());
        Assert.Equal("pending", body.GetProperty("status").GetString());
        ulong height = 0;
        await Eventually.AwaitAssertAsync(async () =>
        {
            var status = await BodyAsync(await Client.GetAsync($"txs/{tx.Id}"));
            Assert.Equal("finalized", status.GetProperty("status").GetString());
            height = status.GetProperty("height").GetUInt64();
        }, Generous);
        var block = await BodyAsync(await Client.GetAsync($"blocks/{height}"));
        Assert.Contains(tx.Id.ToString(), block.GetProperty("transactions").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("amount", "{\"amount\":\"ten\"}")]
    [InlineData("signer", "{\"signer\":\"zz\"}")]
    [InlineData("timestamp", "{\"timestamp\":\"yesterday\"}")]
    [InlineData("kind", "{\"kind\":\"mint\"}")]
    [InlineData("to", "{\"to\":\"roko12\"}")]
    [InlineData("signature", "{\"signature\":\"00\"}")]
    [InlineData("colour", "{\"colour\":\"red\"}")]
    public async Task Post_txs_should_answer_400_naming_the_field_and_change_nothing_when_a_field_is_bad(string field, string patch)
    {
        string json = Patch(TransactionRequestMapping.ToRequest(Transfer(Node, account: 1)), patch);
        double admittedBefore = await CounterAsync(Client, "roko_transactions_admitted_total");
        double rejectedBefore = await CounterAsync(Client, "roko_transactions_rejected_total");

        using var response = await Client.PostAsync("txs", RawJson(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, await ErrorFieldAsync(response));
        Assert.Contains($"'{field}'", await ErrorAsync(response));
        Assert.Equal(admittedBefore, await CounterAsync(Client, "roko_transactions_admitted_total"));
        Assert.Equal(rejectedBefore, await CounterAsync(Client, "roko_transactions_rejected_total"));
    }

    [Fact]
    public async Task Post_txs_should_answer_400_when_the_body_is_not_json_and_415_without_a_json_content_type()
    {
        using var broken = await Client.PostAsync("txs", RawJson("not json at all"));
        using var plain = await Client.PostAsync("txs", new StringContent("{}", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal("body", await ErrorFieldAsync(broken));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        Assert.Equal("Content-Type", await ErrorFieldAsync(plain));
    }

    [Fact]
    public async Task Post_txs_should_answer_413_when_the_body_exceeds_the_limit()
    {
        string json = "{\"chainId\":\"" + new string('x', 20_000) + "\"}";

        using var response = await Client.PostAsync("txs", RawJson(json));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Post_txs_should_answer_422_with_the_reason_when_the_signature_does_not_match_and_remember_the_rejection()
    {
        var request = TransactionRequestMapping.ToRequest(Transfer(Node, account: 1, amount: "2 ROKO")) with { Amount = "3 ROKO" };

        using var response = await Client.PostAsync("txs", Json(request));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await BodyAsync(response);
        Assert.True("BadSignature" == body.GetProperty("code").GetString(), body.ToString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("reason").GetString()));
        string id = body.GetProperty("id").GetString()!;
        await Eventually.AwaitAssertAsync(async () =>
        {
            var status = await BodyAsync(await Client.GetAsync($"txs/{id}"));
            Assert.Equal("rejected", status.GetProperty("status").GetString());
            Assert.Equal("BadSignature", status.GetProperty("code").GetString());
        }, Generous);
    }

    [Fact]
    public async Task Post_txs_should_answer_409_when_the_same_transaction_is_submitted_again()
    {
        var tx = Transfer(Node, account: 1, amount: "4 ROKO");
        using var first = await Client.PostAsync("txs", Json(tx));
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);

        using var again = await Client.PostAsync("txs", Json(tx));

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("Replay", (await BodyAsync(again)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Get_txs_should_answer_400_for_a_malformed_id_and_404_for_an_unknown_one()
    {
        using var malformed = await Client.GetAsync("txs/not-an-id");
        using var unknown = await Client.GetAsync("txs/" + new string('a', 64));

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("id", await ErrorFieldAsync(malformed));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Post_txs_should_not_need_the_token_by_default_but_a_wrong_bearer_changes_nothing_either()
    {
        var tx = Transfer(Node, account: 0, amount: "5 ROKO");
        using var request = new HttpRequestMessage(HttpMethod.Post, "txs") { Content = Json(tx) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "whatever");

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>Replaces fields of the request's JSON with those of <paramref name="patch"/> (adding unknown ones).</summary>
    private static string Patch(TransactionRequest request, string patch)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(request, ApiJsonContext.Default.TransactionRequest))!.AsObject();
        foreach (var (key, value) in System.Text.Json.Nodes.JsonNode.Parse(patch)!.AsObject().ToList())
            node[key] = value?.DeepClone();
        return node.ToJsonString();
    }
}
