using System.CommandLine;
using System.Text.Json;
using Akka.Configuration;
using Roko.Actors.Propagation;
using Roko.Actors.Propagation.Bench;

namespace Roko.Actors.Cli;

/// <summary>
/// <c>roko bench gossip [--nodes 12] [--strategy gossip|flood|structured] [--wan] [--messages 200] [--rate 20] [--json]</c>:
/// spreads blocks through an in-process cluster and reports coverage, latency, duplicates and bytes. Exits 1 when
/// some message did not reach every node (coverage below 1).
/// </summary>
public static class BenchGossipCommand
{
    /// <summary>The <c>gossip</c> verb under <c>roko bench</c>.</summary>
    public static Command Create()
    {
        var nodes = new Option<int>("--nodes") { Description = "Nodes in the in-process cluster (regions round-robin na, eu, apac)", DefaultValueFactory = _ => GossipBenchOptions.DefaultNodes };
        var strategy = new Option<PropagationStrategy>("--strategy") { Description = "How blocks spread: gossip, flood or structured", DefaultValueFactory = _ => PropagationStrategy.Gossip };
        var wan = new Option<bool>("--wan") { Description = "Emulate WAN latency between regions (roko.network.wan)" };
        var messages = new Option<int>("--messages") { Description = "Messages originated, each from a random node", DefaultValueFactory = _ => GossipBenchOptions.DefaultMessages };
        var rate = new Option<double>("--rate") { Description = "Messages originated per second (all nodes together)", DefaultValueFactory = _ => GossipBenchOptions.DefaultRate };
        var json = new Option<bool>("--json") { Description = "Print one JSON summary object on stdout" };
        var gossip = new Command("gossip", "Measure message propagation (coverage, latency, duplicates, bytes) in an in-process cluster")
        {
            nodes, strategy, wan, messages, rate, json,
        };
        nodes.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < GossipBenchOptions.MinimumNodes) result.AddError($"--nodes must be at least {GossipBenchOptions.MinimumNodes}");
        });
        messages.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1) result.AddError("--messages must be at least 1");
        });
        rate.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is not > 0) result.AddError("--rate must be greater than 0");
        });
        gossip.SetAction(async (parse, cancel) =>
        {
            var options = new GossipBenchOptions(parse.GetValue(nodes), parse.GetValue(strategy), parse.GetValue(wan), parse.GetValue(messages),
                TimeSpan.FromSeconds(1 / parse.GetValue(rate)), GossipBenchOptions.DefaultSeed);
            try
            {
                var summary = await GossipBenchRunner.RunAsync(options, Console.Error, cancel);
                if (parse.GetValue(json))
                    Console.Out.WriteLine(JsonSerializer.Serialize(summary, GossipBenchJsonContext.Default.GossipBenchSummary));
                else
                    PrintSummary(summary, Console.Out);
                return summary.Coverage < 1.0 ? ExitCodes.Failure : ExitCodes.Success;
            }
            catch (Exception e) when (e is TimeoutException or ConfigurationException or InvalidOperationException)
            {
                Console.Error.WriteLine($"roko bench gossip: {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return gossip;
    }

    private static void PrintSummary(GossipBenchSummary s, TextWriter output)
    {
        output.WriteLine($"bench gossip: {s.Strategy}, {s.Nodes} nodes, {s.Messages} messages of {s.PayloadBytes} bytes, wan {(s.Wan ? "on" : "off")}, {s.DurationSeconds:F1} s");
        output.WriteLine($"  coverage  {s.Coverage:F4} (min {s.CoverageMin:F4}), application duplicates {s.ApplicationDuplicates}");
        output.WriteLine($"  latency   p50 {s.P50Ms:F1} ms, p99 {s.P99Ms:F1} ms, max {s.MaxMs:F1} ms (origin to delivery)");
        output.WriteLine($"  traffic   {s.EnvelopesPerMessage:F2} envelopes/message, {s.DuplicatesPerDelivery:F2} duplicates/delivery");
        output.WriteLine($"  bytes     {s.BytesPerNode} payload bytes sent per node ({s.BytesPerNodePerMessage:F1} per node per message)");
    }
}
