using System.CommandLine;
using System.Net;

namespace Roko.Actors.Cli;

/// <summary>
/// <c>roko status --node URL</c>: the node's readiness and height, its peers, its clock's bounded now and its active
/// alerts, on stdout. Exit 0 when the node is ready, <see cref="ExitCodes.Unavailable"/> when it cannot be reached or
/// is not ready.
/// </summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var node = new Option<string>("--node") { Description = "The node's HTTP API, e.g. http://127.0.0.1:8642", Required = true };
        var command = new Command("status", "Show a node's height, peers, time and alerts") { node };
        command.Validators.Add(result =>
        {
            if (result.GetValue(node) is { } url && NodeApiClient.ParseNode(url, out var error) is null) result.AddError($"--node {error}");
        });
        command.SetAction(async (parse, cancel) =>
        {
            var uri = NodeApiClient.ParseNode(parse.GetValue(node)!, out _)!;
            using var client = new NodeApiClient(uri);
            try
            {
                return await PrintAsync(client, Console.Out, cancel);
            }
            catch (HttpRequestException e)
            {
                Console.Error.WriteLine($"roko status: cannot reach {uri}: {e.Message}");
                return ExitCodes.Unavailable;
            }
            catch (NodeApiException e)
            {
                Console.Error.WriteLine($"roko status: {uri} answered {e.Message}");
                return ExitCodes.Failure;
            }
            catch (TaskCanceledException) when (!cancel.IsCancellationRequested)
            {
                Console.Error.WriteLine($"roko status: {uri} did not answer in time");
                return ExitCodes.Unavailable;
            }
        });
        return command;
    }

    private static async Task<int> PrintAsync(NodeApiClient client, TextWriter output, CancellationToken cancel)
    {
        var health = await client.HealthAsync(cancel);
        output.WriteLine($"node:    {health.Node} ({health.Role}, {health.Region}), chain {health.ChainId}");
        if (!health.Ready)
        {
            output.WriteLine(health.Stopped is { Length: > 0 } stopped
                ? $"ready:   no (stopped for good: {string.Join(", ", stopped)}; restart the node), height {health.Height}"
                : "ready:   no (recovering its chain)");
            return ExitCodes.Unavailable;
        }
        output.WriteLine($"height:  {health.Height} (head {health.Head})");
        var peers = await client.PeersAsync(cancel);
        output.WriteLine($"peers:   {peers.Established} established of {peers.Count} known");
        foreach (var p in peers.Peers)
            output.WriteLine($"         {p.Id} {p.State} {p.Region ?? "-"} {(p.RttMs is { } rtt ? $"rtt {rtt} ms" : "rtt -")}");
        var time = await client.TimeAsync(cancel);
        output.WriteLine(time.Bounded
            ? $"time:    [{time.Earliest}, {time.Latest}] ±{time.UncertaintyNanos} ns{(time.ClockStatus is { } s ? $", clock {s}" : "")}"
            : $"time:    unbounded (clock {time.ClockStatus ?? "unsynchronized"})");
        try
        {
            var alerts = await client.AlertsAsync(cancel);
            output.WriteLine($"alerts:  {alerts.Alerts.Length} active");
            foreach (var a in alerts.Alerts)
                output.WriteLine($"         {a.Severity.ToUpperInvariant()} {a.Name} ({a.Phase}): {a.Summary}, {a.Metric} = {a.Value}");
        }
        catch (NodeApiException e) when (e.Status == HttpStatusCode.ServiceUnavailable)
        {
            output.WriteLine($"alerts:  unavailable ({e.Message})");
        }
        return ExitCodes.Success;
    }
}
