using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Roko.Actors.Api;

namespace Roko.Actors.Cli;

/// <summary>The node answered with an error status; <see cref="Code"/> is the code of its JSON error when it sent one.</summary>
public sealed class NodeApiException(HttpStatusCode status, string message, string? code, TimeSpan? retryAfter = null) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
    public string? Code { get; } = code;
    /// <summary>The answer's Retry-After: the node refused for now (busy, or over this client's rate) and names when to try again.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>The CLI's client of a node's HTTP API (same JSON contracts as the server). Unreachable nodes throw <see cref="HttpRequestException"/>.</summary>
public sealed class NodeApiClient(Uri node, string? token = null) : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);
    private readonly HttpClient _http = new() { BaseAddress = node, Timeout = RequestTimeout };

    /// <summary>Parses a --node value (http://host:port); null with the reason when it is not one.</summary>
    public static Uri? ParseNode(string text, out string error)
    {
        error = "";
        if (Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") return uri;
        error = $"'{text}' is not an http:// or https:// URL such as http://127.0.0.1:8642";
        return null;
    }

    public Task<HealthResponse> HealthAsync(CancellationToken cancel) => GetAsync("health", ApiJsonContext.Default.HealthResponse, cancel, allow503: true);
    public Task<TimeResponse> TimeAsync(CancellationToken cancel) => GetAsync("time", ApiJsonContext.Default.TimeResponse, cancel);
    public Task<PeersResponse> PeersAsync(CancellationToken cancel) => GetAsync("peers", ApiJsonContext.Default.PeersResponse, cancel);
    public Task<AlertsResponse> AlertsAsync(CancellationToken cancel) => GetAsync("alerts", ApiJsonContext.Default.AlertsResponse, cancel);

    public Task<TransactionStatusResponse> TransactionStatusAsync(string id, CancellationToken cancel) =>
        GetAsync("txs/" + Uri.EscapeDataString(id), ApiJsonContext.Default.TransactionStatusResponse, cancel);

    /// <summary>POST /txs: the id when admitted (202); a refusal throws <see cref="NodeApiException"/> with the node's reason.</summary>
    public async Task<TransactionSubmitted> SubmitAsync(TransactionRequest request, CancellationToken cancel)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "txs") { Content = JsonContent.Create(request, ApiJsonContext.Default.TransactionRequest) };
        if (token is not null) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(message, cancel);
        if (response.StatusCode != HttpStatusCode.Accepted) throw await FailureAsync(response, cancel);
        return (await response.Content.ReadFromJsonAsync(ApiJsonContext.Default.TransactionSubmitted, cancel))!;
    }

    private async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancel, bool allow503 = false)
    {
        using var response = await _http.GetAsync(path, cancel);
        if (!response.IsSuccessStatusCode && !(allow503 && response.StatusCode == HttpStatusCode.ServiceUnavailable))
            throw await FailureAsync(response, cancel);
        return (await response.Content.ReadFromJsonAsync(type, cancel))!;
    }

    private static async Task<NodeApiException> FailureAsync(HttpResponseMessage response, CancellationToken cancel)
    {
        string text = await response.Content.ReadAsStringAsync(cancel);
        string reason;
        string? code = null;
        try
        {
            // Both error shapes (ApiError, TransactionRefused) carry "error" and "code".
            var error = JsonSerializer.Deserialize(text, ApiJsonContext.Default.TransactionRefused);
            reason = error?.Error ?? text;
            code = error?.Code;
        }
        catch (JsonException)
        {
            reason = text.Length == 0 ? response.ReasonPhrase ?? "" : text;
        }
        var retry = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => (TimeSpan?)null,
        };
        return new NodeApiException(response.StatusCode, $"{(int)response.StatusCode} {response.StatusCode}: {reason}", code,
            retry is { } r ? TimeSpan.FromTicks(Math.Max(0, r.Ticks)) : null);
    }

    public void Dispose() => _http.Dispose();
}
