using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Roko.Actors.Api;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Tests.Api;

/// <summary>Requests and bodies the HTTP API tests send and read.</summary>
internal static class ApiRequests
{
    public static readonly Address Recipient = Address.Parse("roko00000000000000000000000000000000000000aa");

    public static Transaction Transfer(ApiNode node, int account = 0, string amount = "1 ROKO", NanoMoment? at = null) =>
        Transaction.Create(node.Genesis.ChainId, KeyFile.Load(node.AccountKeyPath(account)), at ?? NanoMoment.FromDateTime(DateTime.UtcNow),
            new TransferPayload(Recipient, Amount.Parse(amount)));

    public static HttpContent Json(TransactionRequest request) => JsonContent.Create(request, ApiJsonContext.Default.TransactionRequest);

    public static HttpContent Json(Transaction tx) => Json(TransactionRequestMapping.ToRequest(tx));

    public static HttpContent RawJson(string json) => new StringContent(json, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> BodyAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    public static async Task<string> ErrorAsync(HttpResponseMessage response) => (await BodyAsync(response)).GetProperty("error").GetString()!;

    public static async Task<string?> ErrorFieldAsync(HttpResponseMessage response) =>
        (await BodyAsync(response)).TryGetProperty("field", out var field) ? field.GetString() : null;

    /// <summary>Sum of a Prometheus counter family in the node's /metrics.</summary>
    public static async Task<double> CounterAsync(HttpClient client, string family) =>
        PrometheusTotals.Sum(await client.GetStringAsync("metrics"), family);
}
