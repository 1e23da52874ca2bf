using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Roko.Actors.Devnet;

namespace Roko.Actors.Cli;

/// <summary>
/// <c>roko bench finality [--validators 7] [--wan] [--duration 60s] [--tx-rate 200] [--json]</c>: a fresh devnet in a
/// temporary directory under load; finality is measured from submission to commit.
/// </summary>
public static class BenchFinalityCommand
{
    public static Command Create()
    {
        var validators = new Option<int>("--validators") { Description = "Validators", DefaultValueFactory = _ => 7 };
        var wan = new Option<bool>("--wan") { Description = "Emulate WAN latency between regions" };
        var duration = new Option<string>("--duration") { Description = "Run time", DefaultValueFactory = _ => "60s" };
        var txRate = new Option<double>("--tx-rate") { Description = "Transfers submitted per second", DefaultValueFactory = _ => 200 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout" };
        var command = new Command("finality", "Measure finality, block time and rounds per height on a fresh devnet") { validators, wan, duration, txRate, json };
        command.Validators.Add(result =>
        {
            if (result.GetValue(validators) < 1) result.AddError("--validators must be at least 1");
            if (!DurationText.TryParse(result.GetValue(duration), out _, out var error)) result.AddError($"--duration: {error}");
        });
        command.SetAction(async (parse, cancel) =>
        {
            DurationText.TryParse(parse.GetValue(duration), out var runFor, out _);
            string dir = Path.Combine(Path.GetTempPath(), "roko-bench-finality-" + Guid.NewGuid().ToString("N"));
            var stdout = Console.Out;
            Console.SetOut(Console.Error);
            try
            {
                var summary = await DevnetRunner.RunAsync(new DevnetOptions(dir, parse.GetValue(validators), runFor, parse.GetValue(txRate), parse.GetValue(wan),
                        HttpPort: 0, Archives: 0, Light: 0),
                    Console.Error, cancel);
                var result = new FinalityBenchResult(summary.Nodes.Count, parse.GetValue(wan), summary.FinalityMsP50, summary.FinalityMsP99,
                    summary.BlockTimeMsP50, summary.RoundsPerHeightMean, summary.TxPerSecond, summary.TxSubmitted, summary.TxFinalized,
                    summary.Forks, summary.DurationSeconds);
                if (parse.GetValue(json)) stdout.WriteLine(JsonSerializer.Serialize(result, FinalityBenchJsonContext.Default.FinalityBenchResult));
                else stdout.WriteLine($"bench finality: {result.Validators} validators, wan {(result.Wan ? "on" : "off")}: finality p50 {result.FinalityMsP50} ms, " +
                                      $"p99 {result.FinalityMsP99} ms; block time p50 {result.BlockTimeMsP50} ms; {result.RoundsPerHeightMean} rounds/height; " +
                                      $"{result.TxPerSecond} tx/s; forks {result.Forks}");
                return summary.Forks == 0 ? ExitCodes.Success : ExitCodes.Failure;
            }
            catch (Exception e) when (e is DevnetException or InvalidOperationException or TimeoutException or IOException)
            {
                Console.Error.WriteLine($"roko bench finality: {e.Message}");
                return ExitCodes.Failure;
            }
            finally
            {
                Console.SetOut(stdout);
                try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
            }
        });
        return command;
    }
}

public sealed record FinalityBenchResult(
    [property: JsonPropertyName("validators")] int Validators,
    [property: JsonPropertyName("wan")] bool Wan,
    [property: JsonPropertyName("finality_ms_p50")] double FinalityMsP50,
    [property: JsonPropertyName("finality_ms_p99")] double FinalityMsP99,
    [property: JsonPropertyName("block_time_ms_p50")] double BlockTimeMsP50,
    [property: JsonPropertyName("rounds_per_height_mean")] double RoundsPerHeightMean,
    [property: JsonPropertyName("tx_per_s")] double TxPerSecond,
    [property: JsonPropertyName("tx_submitted")] int TxSubmitted,
    [property: JsonPropertyName("tx_finalized")] int TxFinalized,
    [property: JsonPropertyName("forks")] int Forks,
    [property: JsonPropertyName("duration_s")] double DurationSeconds);

[JsonSerializable(typeof(FinalityBenchResult))]
internal sealed partial class FinalityBenchJsonContext : JsonSerializerContext;
