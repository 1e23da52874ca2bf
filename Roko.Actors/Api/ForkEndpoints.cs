using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Roko.Actors.Forks;

namespace Roko.Actors.Api;

/// <summary>
/// GET /forks: the forks this node holds evidence of (journaled by /user/node/forks) and how many are unresolved.
/// POST /forks/resume (bearer token): the operator has dealt with every fork recorded; the node journals that and signs
/// again. Body optional: <c>{"note": "why"}</c>, kept with the record. 503 when the node hosts no fork monitor yet.
/// </summary>
public static class ForkEndpoints
{
    public static void Map(IEndpointRouteBuilder app, HttpApiSettings settings)
    {
        app.MapGet("/forks", async (NodeApi api, CancellationToken cancel) =>
            await AskAsync(api, ForkMonitorProtocol.GetForks.Instance, cancel));
        app.MapPost("/forks/resume", ResumeAsync).AddEndpointFilter(new BearerTokenFilter(settings));
    }

    /// <summary>The fork record's status, or null when no fork monitor runs (not ready yet).</summary>
    public static async Task<ForkMonitorProtocol.ForkStatus?> StatusAsync(NodeApi api, CancellationToken cancel) =>
        await api.FindAsync(ForkMonitorProtocol.Path) is { } monitor
            ? await api.AskAsync<ForkMonitorProtocol.ForkStatus>(monitor, ForkMonitorProtocol.GetForkStatus.Instance, cancel)
            : null;

    private static async Task<IResult> ResumeAsync(HttpRequest request, NodeApi api, CancellationToken cancel)
    {
        string note = "resumed through POST /forks/resume";
        if (request.ContentLength is not 0 && request.HasJsonContentType())
        {
            try
            {
                var body = await JsonSerializer.DeserializeAsync(request.Body, ApiJsonContext.Default.ForkResumeRequest, cancel);
                if (body?.Note is { } given)
                {
                    if (string.IsNullOrWhiteSpace(given) || System.Text.Encoding.UTF8.GetByteCount(given) > SigningResumed.MaxNoteBytes)
                        return ApiResults.BadField("note", $"must be non-blank text of at most {SigningResumed.MaxNoteBytes} bytes");
                    note = given;
                }
            }
            catch (JsonException e)
            {
                return ApiResults.BadField("body", "expected {\"note\": \"text\"}: " + e.Message);
            }
        }
        return await AskAsync(api, new ForkMonitorProtocol.ResumeSigning(note), cancel);
    }

    private static async Task<IResult> AskAsync(NodeApi api, object message, CancellationToken cancel)
    {
        var monitor = await api.FindAsync(ForkMonitorProtocol.Path);
        if (monitor is null) return ApiResults.NotReady("the fork record");
        var forks = await api.AskAsync<ForkMonitorProtocol.CurrentForks>(monitor, message, cancel);
        return Results.Json(ToResponse(forks), ApiJsonContext.Default.ForksResponse);
    }

    private static ForksResponse ToResponse(ForkMonitorProtocol.CurrentForks forks) => new(forks.Forks.Length, forks.Unresolved,
        [.. forks.Forks.Select((f, i) => new ForkResponse(f.Evidence.Height, f.Evidence.First.Hash.ToString(), f.Evidence.Second.Hash.ToString(),
            f.Evidence.First.Commit.Round, f.Evidence.Second.Commit.Round, [.. f.Evidence.SignedBoth.Select(k => k.Bytes.ToString())],
            f.Source, f.DetectedAt.ToString(), i < forks.Resolved, Convert.ToHexString(f.Evidence.Encode()).ToLowerInvariant()))]);
}
