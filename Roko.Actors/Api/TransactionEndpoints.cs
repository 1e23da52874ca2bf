using System.Text.Json;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Roko.Actors.Mempool;
using Roko.Actors.Primitives;
using static Roko.Actors.Api.TransactionStatusTrackerProtocol;

namespace Roko.Actors.Api;

/// <summary>
/// POST /txs submits a signed transaction to /user/node/mempool; GET /txs/{id} says what became of one.
/// POST answers 202 (admitted, pending) with the id, 400 naming the malformed field, 415 without a JSON body,
/// 413 over <c>roko.http.max-request-body-bytes</c>, 429 when rate limited, 503 until the node is ready, and for an
/// admission refusal the status <see cref="RefusalStatus"/> gives, with the mempool's code and reason.
/// </summary>
public static class TransactionEndpoints
{
    private const string KnownFields = "chainId, signer, timestamp, kind, to, amount, region, signature";

    public static void Map(IEndpointRouteBuilder app, HttpApiSettings settings)
    {
        var submit = app.MapPost("/txs", SubmitAsync);
        if (settings.RequireTokenForTransactions) submit.AddEndpointFilter(new BearerTokenFilter(settings));
        app.MapGet("/txs/{id}", StatusAsync);
    }

    /// <summary>
    /// How an admission refusal is answered. 422: the transaction is well formed but a rule refuses it (signature,
    /// chain, validity window, balance, stake), so sending it again will not help. 409: it conflicts with what the
    /// node already holds (a replay, or another transaction in its nanosecond slot). 429: its sender has too many
    /// pending. 503: the node cannot take it now (pool full, clock unsynchronized, the mempool restarting, or busy — then
    /// with a Retry-After header); retry later.
    /// </summary>
    public static int RefusalStatus(AdmissionCode code) => code switch
    {
        AdmissionCode.Replay or AdmissionCode.SlotTaken => StatusCodes.Status409Conflict,
        AdmissionCode.SenderLimit => StatusCodes.Status429TooManyRequests,
        AdmissionCode.PoolFull or AdmissionCode.ClockUnsynchronized or AdmissionCode.MempoolRestarted or AdmissionCode.Busy
            => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    private static async Task<IResult> SubmitAsync(HttpRequest request, NodeApi api, CancellationToken cancel)
    {
        if (!request.HasJsonContentType())
            return ApiResults.Error(StatusCodes.Status415UnsupportedMediaType, "header 'Content-Type': expected application/json", "Content-Type");
        TransactionRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(request.Body, ApiJsonContext.Default.TransactionRequest, cancel);
        }
        catch (JsonException e)
        {
            string field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            return e.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? ApiResults.BadField(field, $"is not a field of a transaction (known: {KnownFields})")
                : ApiResults.BadField(field, "not valid JSON for a transaction: " + FirstSentence(e.Message));
        }
        if (body is null) return ApiResults.BadField("body", "expected a JSON object describing a signed transaction");
        var (tx, problem) = TransactionRequestMapping.ToTransaction(body);
        if (problem is not null) return ApiResults.BadField(problem);

        // The followed status, not an ask of the guardian: a submission goes straight to the mempool.
        var status = api.FollowedStatus;
        if (!status.Ready || status.Mempool is null) return ApiResults.NotReady("transaction submission");
        var answer = await api.AskAsync<object>(status.Mempool, new MempoolProtocol.SubmitTransaction(tx!), cancel);
        api.Tracker.Tell(new SubmissionOutcome(answer), ActorRefs.NoSender);
        if (answer is MempoolProtocol.TransactionRejected { RetryAfter: { } retry })
            request.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return answer switch
        {
            MempoolProtocol.TransactionAccepted accepted => Results.Json(new TransactionSubmitted(accepted.Id.ToString(), "pending"),
                ApiJsonContext.Default.TransactionSubmitted, statusCode: StatusCodes.Status202Accepted),
            MempoolProtocol.TransactionRejected rejected => Results.Json(
                new TransactionRefused(rejected.Id.ToString(), $"the mempool refused the transaction: {rejected.Code}: {rejected.Reason}",
                    rejected.Code.ToString(), rejected.Reason),
                ApiJsonContext.Default.TransactionRefused, statusCode: RefusalStatus(rejected.Code)),
            _ => ApiResults.Error(StatusCodes.Status500InternalServerError, $"unexpected answer from the mempool: {answer.GetType().Name}"),
        };
    }

    private static async Task<IResult> StatusAsync(string id, NodeApi api, CancellationToken cancel)
    {
        if (!Hash32.TryParse(id, out var hash)) return ApiResults.BadField("id", $"expected a transaction id of {Hash32.Size * 2} hex digits");
        var current = await api.AskAsync<CurrentTransactionStatus>(api.Tracker, new GetTransactionStatus(hash), cancel);
        if (current.Outcome is not { } outcome)
            return ApiResults.Error(StatusCodes.Status404NotFound,
                $"transaction {hash} is unknown to this node (never submitted here and not in a block it committed, or older than the " +
                $"{api.Settings.TrackedTransactions} outcomes it remembers)", "id");
        var body = outcome.Phase switch
        {
            TransactionPhase.Pending => new TransactionStatusResponse(hash.ToString(), "pending"),
            TransactionPhase.Finalized => new TransactionStatusResponse(hash.ToString(), "finalized", outcome.Height),
            _ => new TransactionStatusResponse(hash.ToString(), "rejected", Code: outcome.Code?.ToString(), Reason: outcome.Reason),
        };
        return Results.Json(body, ApiJsonContext.Default.TransactionStatusResponse);
    }

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
