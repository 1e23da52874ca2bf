using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Roko.Actors.Api;
using Roko.Actors.Cli;
using Roko.Actors.Crypto;
using Roko.Actors.Tests.Support;
using Xunit;

namespace Roko.Actors.Tests.Cli;

/// <summary>
/// `roko tx send` (a real roko process) against a node that refuses for now and names when to retry (503 Busy with
/// Retry-After, as the mempool's admission answers when the node is overloaded): the CLI waits that long, signs again
/// and retries, within --retry-for. The node here is a stand-in HTTP endpoint that refuses a given number of times, so
/// the refusals come when the test wants them; the real node's Busy answer and its header are TransactionEndpoints'
/// and MempoolAdmissionSpec's.
/// </summary>
public sealed class TxSendRetrySpec : IAsyncLifetime
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);
    private const string Recipient = "roko00000000000000000000000000000000000000bb";
    private const string ChainId = "roko-retry-spec";
    private const int RetryAfterSeconds = 1;

    private readonly TempDirectory _dir = new();
    private readonly ConcurrentQueue<string> _submittedIds = new();
    private int _refusalsLeft;
    private WebApplication? _node;
    private string KeyPath => Path.Combine(_dir.Path, "sender.key");
    private string NodeUrl => _node!.Urls.First();

    public async Task InitializeAsync()
    {
        KeyFile.Write(KeyPath, SigningKey.Generate());
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _node = builder.Build();
        _node.MapGet("/health", () => Results.Json(new HealthResponse("stand-in", "validator", "na", ChainId, true, 1, null), ApiJsonContext.Default.HealthResponse));
        _node.MapPost("/txs", async (HttpContext http) =>
        {
            using var body = await JsonDocument.ParseAsync(http.Request.Body);
            string id = TransactionRequestMapping.ToTransaction(
                body.Deserialize(ApiJsonContext.Default.TransactionRequest)!).Transaction!.Id.ToString();
            _submittedIds.Enqueue(id);
            if (Interlocked.Decrement(ref _refusalsLeft) >= 0)
            {
                http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
                return Results.Json(new TransactionRefused(id, "the mempool refused the transaction: Busy: the node is too busy", "Busy", "the node is too busy"),
                    ApiJsonContext.Default.TransactionRefused, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            return Results.Json(new TransactionSubmitted(id, "pending"), ApiJsonContext.Default.TransactionSubmitted, statusCode: StatusCodes.Status202Accepted);
        });
        await _node.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_node is not null) await _node.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Tx_send_should_wait_the_named_time_sign_again_and_retry_when_the_node_is_busy()
    {
        _refusalsLeft = 2;

        var (exit, stdout, stderr) = await RokoProcess.RunAsync(Generous, "tx", "send", "--node", NodeUrl, "--key", KeyPath,
            "--to", Recipient, "--amount", "1 ROKO");

        Assert.True(exit == ExitCodes.Success, stderr);
        var ids = _submittedIds.ToList();
        Assert.Equal(3, ids.Count);
        Assert.Equal(3, ids.Distinct().Count()); // signed again each time: a fresh moment, a fresh id
        Assert.Equal(ids[^1], stdout.Trim());
        Assert.Equal(2, stderr.Split('\n').Count(l => l.Contains($"retrying in {RetryAfterSeconds} s")));
    }

    [Fact]
    public async Task Tx_send_should_exit_unavailable_at_once_when_retrying_is_off()
    {
        _refusalsLeft = 1;

        var (exit, stdout, stderr) = await RokoProcess.RunAsync(Generous, "tx", "send", "--node", NodeUrl, "--key", KeyPath,
            "--to", Recipient, "--amount", "1 ROKO", "--retry-for", "0s");

        Assert.Equal(ExitCodes.Unavailable, exit);
        Assert.Equal("", stdout.Trim());
        Assert.Single(_submittedIds);
        Assert.Contains("Busy", stderr);
    }

    [Fact]
    public async Task Tx_send_should_give_up_when_the_next_wait_would_pass_retry_for()
    {
        _refusalsLeft = int.MaxValue;

        var (exit, _, stderr) = await RokoProcess.RunAsync(Generous, "tx", "send", "--node", NodeUrl, "--key", KeyPath,
            "--to", Recipient, "--amount", "1 ROKO", "--retry-for", "2500ms");

        Assert.Equal(ExitCodes.Unavailable, exit);
        // Refused at ~0 s and ~1 s (both retried), at ~2 s: a third wait would end past 2.5 s.
        Assert.Equal(3, _submittedIds.Count);
        Assert.Contains("the node refused", stderr);
    }

    [Fact]
    public async Task Tx_send_should_refuse_a_negative_retry_for_naming_the_option()
    {
        var (exit, _, stderr) = await RokoProcess.RunAsync(Generous, "tx", "send", "--node", NodeUrl, "--key", KeyPath,
            "--to", Recipient, "--amount", "1 ROKO", "--retry-for", "-1s");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--retry-for", stderr);
        Assert.Empty(_submittedIds);
    }
}
