using System.CommandLine;
using System.Diagnostics;
using Roko.Actors.Api;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Cli;

/// <summary>
/// <c>roko tx send --node URL --key FILE --to ADDRESS --amount "10 ROKO" [--wait 30s] [--token T]</c>: builds a transfer,
/// signs it with the key file at the current time, posts it to the node's POST /txs, prints its id on stdout and,
/// with --wait, polls GET /txs/{id} until it is finalized or rejected. A refusal that names when to try again
/// (Retry-After: the node is too busy, or this client is over its rate) is retried then, for up to --retry-for.
/// Exit codes: <see cref="ExitCodes"/>.
/// </summary>
public static class TxCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    /// <summary>
    /// A transaction whose time slice was sealed between signing and admission (more than the network's inclusion
    /// delay passed) is refused as Stale; signing it again at a fresh moment is the remedy, tried this many times.
    /// </summary>
    private const int StaleAttempts = 3;
    private const string StaleCode = "Stale";
    private const string DefaultRetryFor = "30s";

    public static Command Create()
    {
        var node = new Option<string>("--node") { Description = "The node's HTTP API, e.g. http://127.0.0.1:8642", Required = true };
        var key = new Option<string>("--key") { Description = "The sender's key file (mode 0600)", Required = true };
        var to = new Option<string>("--to") { Description = "Recipient address (roko + 40 hex digits)", Required = true };
        var amount = new Option<string>("--amount") { Description = "Amount, e.g. \"10 ROKO\" or \"0.5 ROKO\"", Required = true };
        var wait = new Option<string?>("--wait") { Description = "Wait up to this long for finality, e.g. 30s (default: do not wait)" };
        var retryFor = new Option<string>("--retry-for")
        {
            Description = $"When the node refuses for now and names when to retry (busy, or over this client's rate), keep retrying for up to this long; 0s: do not (default {DefaultRetryFor})",
            DefaultValueFactory = _ => DefaultRetryFor,
        };
        var token = new Option<string?>("--token") { Description = $"Bearer token, when the node requires one for transactions (default: ${HttpApiSettings.TokenEnvironmentVariable})" };
        var send = new Command("send", "Sign a transfer and submit it to a node") { node, key, to, amount, wait, retryFor, token };
        send.Validators.Add(result =>
        {
            if (result.GetValue(node) is { } url && NodeApiClient.ParseNode(url, out var nodeError) is null) result.AddError($"--node {nodeError}");
            if (result.GetValue(to) is { } address && !Address.TryParse(address, out _, out var toError)) result.AddError($"--to '{address}': {toError}");
            if (result.GetValue(amount) is { } text && !Amount.TryParse(text, out _, out var amountError)) result.AddError($"--amount '{text}': {amountError}");
            if (result.GetValue(wait) is { } w && !DurationText.TryParse(w, out _, out var waitError)) result.AddError($"--wait '{w}': {waitError}");
            if (result.GetValue(retryFor) is { } rf && !DurationText.TryParse(rf, out _, out var retryError, allowZero: true)) result.AddError($"--retry-for '{rf}': {retryError}");
        });
        send.SetAction(async (parse, cancel) =>
        {
            var uri = NodeApiClient.ParseNode(parse.GetValue(node)!, out _)!;
            TimeSpan? waitFor = parse.GetValue(wait) is { } w && DurationText.TryParse(w, out var d, out _) ? d : null;
            DurationText.TryParse(parse.GetValue(retryFor)!, out var retryLimit, out _, allowZero: true);
            SigningKey signer;
            try
            {
                signer = KeyFile.Load(parse.GetValue(key)!);
            }
            catch (KeyFileException e)
            {
                Console.Error.WriteLine($"roko tx send: {e.Message}");
                return ExitCodes.Failure;
            }
            using var client = new NodeApiClient(uri, parse.GetValue(token) ?? NonEmpty(Environment.GetEnvironmentVariable(HttpApiSettings.TokenEnvironmentVariable)));
            return await SendAsync(client, uri, signer, Address.Parse(parse.GetValue(to)!), Amount.Parse(parse.GetValue(amount)!), waitFor, retryLimit, cancel);
        });
        return new Command("tx", "Transactions") { send };
    }

    private static async Task<int> SendAsync(NodeApiClient client, Uri uri, SigningKey signer, Address to, Amount amount, TimeSpan? waitFor,
        TimeSpan retryFor, CancellationToken cancel)
    {
        var retrying = Stopwatch.StartNew();
        try
        {
            var health = await client.HealthAsync(cancel);
            if (!health.Ready)
            {
                Console.Error.WriteLine(health.Stopped is { Length: > 0 } stopped
                    ? $"roko tx send: node {health.Node} at {uri} is not ready: {string.Join(", ", stopped)} stopped for good"
                    : $"roko tx send: node {health.Node} at {uri} is not ready yet");
                return ExitCodes.Unavailable;
            }
            TransactionSubmitted submitted;
            for (int staleAttempt = 1; ;)
            {
                var tx = Transaction.Create(health.ChainId, signer, NanoMoment.FromDateTime(DateTime.UtcNow), new TransferPayload(to, amount));
                try
                {
                    submitted = await client.SubmitAsync(TransactionRequestMapping.ToRequest(tx), cancel);
                    break;
                }
                catch (NodeApiException e) when (e.Code == StaleCode && staleAttempt < StaleAttempts)
                {
                    staleAttempt++;
                    Console.Error.WriteLine($"roko tx send: {tx.Id} arrived after its time slice was sealed ({e.Message}); signing again");
                }
                catch (NodeApiException e) when (e.RetryAfter is { } after && retrying.Elapsed + after <= retryFor)
                {
                    // Signed again after the wait, so the retry is not refused as stale for the time it spent waiting.
                    Console.Error.WriteLine($"roko tx send: the node refused for now ({e.Message}); retrying in {after.TotalSeconds:0.#} s");
                    await Task.Delay(after, cancel);
                }
            }
            Console.Out.WriteLine(submitted.Id);
            Console.Error.WriteLine($"roko tx send: {amount} from {signer.PublicKey.ToAddress()} to {to} admitted by {health.Node} ({submitted.Status})");
            return waitFor is { } limit ? await WaitAsync(client, submitted.Id, limit, cancel) : ExitCodes.Success;
        }
        catch (HttpRequestException e)
        {
            Console.Error.WriteLine($"roko tx send: cannot reach {uri}: {e.Message}");
            return ExitCodes.Unavailable;
        }
        catch (NodeApiException e)
        {
            Console.Error.WriteLine($"roko tx send: the node refused: {e.Message}");
            return e.Status == System.Net.HttpStatusCode.ServiceUnavailable ? ExitCodes.Unavailable : ExitCodes.Refused;
        }
        catch (TaskCanceledException) when (!cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine($"roko tx send: {uri} did not answer in time");
            return ExitCodes.Unavailable;
        }
    }

    private static async Task<int> WaitAsync(NodeApiClient client, string id, TimeSpan limit, CancellationToken cancel)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var status = await client.TransactionStatusAsync(id, cancel);
            switch (status.Status)
            {
                case "finalized":
                    Console.Error.WriteLine($"roko tx send: {id} finalized at height {status.Height} after {waited.Elapsed.TotalSeconds:F1} s");
                    return ExitCodes.Success;
                case "rejected":
                    Console.Error.WriteLine($"roko tx send: {id} was rejected: {status.Code}: {status.Reason}");
                    return ExitCodes.Refused;
            }
            if (waited.Elapsed >= limit)
            {
                Console.Error.WriteLine($"roko tx send: {id} is still {status.Status} after {limit.TotalSeconds:0.#} s");
                return ExitCodes.NotFinal;
            }
            await Task.Delay(PollInterval, cancel);
        }
    }

    private static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
