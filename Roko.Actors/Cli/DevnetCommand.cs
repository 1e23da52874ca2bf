using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.Json;
using Akka.Configuration;
using Roko.Actors.Crypto;
using Roko.Actors.Devnet;
using Roko.Actors.Nodes;

namespace Roko.Actors.Cli;

/// <summary>
/// <c>roko devnet [--validators N] [--duration 30s] [--tx-rate R] [--data-dir DIR] [--json] [--wan] [--http-port P]</c>: the main job.
/// Progress goes to stderr; with --json stdout carries only the summary object.
/// </summary>
public static class DevnetCommand
{
    public const string DefaultDataDir = "devnet-data";

    public static Command Create()
    {
        var validators = new Option<int?>("--validators") { Description = "Validators in a new network (default 1)" };
        var duration = new Option<string?>("--duration") { Description = "Run time, e.g. 30s or 5m (default: until Ctrl-C)" };
        var txRate = new Option<double?>("--tx-rate") { Description = "Transfers submitted per second (default roko.devnet.tx-rate)" };
        var dataDir = new Option<string>("--data-dir") { Description = "Network directory; re-running with it continues the chain", DefaultValueFactory = _ => DefaultDataDir };
        var json = new Option<bool>("--json") { Description = "Print one JSON summary object on stdout" };
        var wan = new Option<bool>("--wan") { Description = "Emulate WAN latency between regions (roko.network.wan)" };
        var httpPort = new Option<int?>("--http-port") { Description = "Serve the HTTP API and dashboard: node i on port P+i (default: no HTTP API)" };
        var light = new Option<int>("--light") { Description = "Light nodes to run beside the validators (each verifies headers from a checkpoint; default 0)" };
        var command = new Command("devnet", "Run a local network with a transaction load and summarise it") { validators, duration, txRate, dataDir, json, wan, httpPort, light };
        command.Validators.Add(result =>
        {
            if (result.GetValue(validators) is < 1) result.AddError("--validators must be at least 1");
            if (result.GetValue(txRate) is < 0) result.AddError("--tx-rate must be >= 0");
            if (result.GetValue(light) < 0) result.AddError("--light must be >= 0");
            if (result.GetValue(httpPort) is { } port && (port < 1 || port + Math.Max(1, result.GetValue(validators) ?? 1) - 1 > System.Net.IPEndPoint.MaxPort))
                result.AddError($"--http-port {port}: node ports P..P+N-1 must lie between 1 and {System.Net.IPEndPoint.MaxPort}");
            if (result.GetValue(duration) is { } text && !DurationText.TryParse(text, out _, out var error)) result.AddError($"--duration '{text}': {error}");
        });
        command.SetAction(async (parse, cancel) =>
        {
            TimeSpan? runFor = parse.GetValue(duration) is { } text && DurationText.TryParse(text, out var d, out _) ? d : null;
            var options = new DevnetOptions(parse.GetValue(dataDir)!, parse.GetValue(validators), runFor, parse.GetValue(txRate), parse.GetValue(wan), parse.GetValue(httpPort))
                { Light = parse.GetValue(light) };
            bool asJson = parse.GetValue(json);
            var stdout = Console.Out;
            if (asJson) Console.SetOut(Console.Error); // keep stdout for the JSON object alone

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; stop.Cancel(); });
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => { ctx.Cancel = true; stop.Cancel(); });
            try
            {
                var summary = await DevnetRunner.RunAsync(options, Console.Error, stop.Token);
                if (asJson)
                    stdout.WriteLine(JsonSerializer.Serialize(summary, DevnetJsonContext.Default.DevnetSummary));
                else
                    PrintSummary(summary, Console.Error);
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is DevnetException or ConfigurationException or GenesisFileException or KeyFileException
                                          or InvalidOperationException or TimeoutException or IOException)
            {
                Console.Error.WriteLine($"roko devnet: {e.Message}");
                return ExitCodes.Failure;
            }
            finally
            {
                Console.SetOut(stdout);
            }
        });
        return command;
    }

    private static void PrintSummary(DevnetSummary s, TextWriter output)
    {
        output.WriteLine($"devnet summary: chain {s.ChainId}, {s.DurationSeconds:F1} s");
        foreach (var n in s.Nodes) output.WriteLine($"  {n.Name,-14} {n.Role,-9} {n.Region,-5} height {n.Height,7}  head {n.Head[..16]}  {n.DataDir}");
        output.WriteLine($"  finalized height {s.FinalizedHeight} (+{s.Blocks} blocks this run), forks {s.Forks}");
        output.WriteLine($"  transactions: {s.TxSubmitted} submitted, {s.TxFinalized} finalized, {s.TxRejected} rejected, {s.TxPending} pending; {s.TxPerSecond} tx/s");
        output.WriteLine($"  finality: p50 {s.FinalityMsP50} ms, p99 {s.FinalityMsP99} ms");
    }
}
