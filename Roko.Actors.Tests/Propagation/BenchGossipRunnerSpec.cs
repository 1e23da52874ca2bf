using System.CommandLine;
using System.Diagnostics;
using Roko.Actors.Cli;
using Roko.Actors.Propagation;
using Roko.Actors.Propagation.Bench;
using Roko.Actors.Tests.MultiNode;
using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.Propagation;

[Collection(MultiNodeCollection.Name)]
public sealed class BenchGossipRunnerSpec(ITestOutputHelper output)
{
    private const int Nodes = 6;
    private const int Messages = 20;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_small_gossip_bench_without_wan_should_reach_every_node_exactly_once()
    {
        var watch = Stopwatch.StartNew();
        var options = new GossipBenchOptions(Nodes, PropagationStrategy.Gossip, Wan: false, Messages,
            GossipBenchOptions.DefaultMessageInterval, GossipBenchOptions.DefaultSeed);
        var progress = new StringWriter();
        var summary = await GossipBenchRunner.RunAsync(options, progress, CancellationToken.None);
        output.WriteLine(progress.ToString());
        output.WriteLine(summary.ToString());

        Assert.Equal(1.0, summary.Coverage);
        Assert.Equal(1.0, summary.CoverageMin);
        Assert.Equal(0, summary.ApplicationDuplicates);
        Assert.Equal(Messages, summary.Messages);
        Assert.InRange(summary.P50Ms, 0, summary.P99Ms);
        // With fanout 8 and 5 peers, gossip sends to every peer but the sender: (N-1) + (N-1)(N-2) envelopes.
        Assert.Equal((Nodes - 1) * (Nodes - 1), summary.EnvelopesPerMessage);
        Assert.Equal(Nodes - 2, summary.DuplicatesPerDelivery);
        // On the wire every envelope carries its (random, incompressible) payload plus its header, signature and framing.
        long payloadBytesPerNode = (long)(Nodes - 1) * (Nodes - 1) * Messages * GossipBenchOptions.PayloadBytes / Nodes;
        Assert.InRange(summary.BytesPerNode, payloadBytesPerNode, 2 * payloadBytesPerNode);
        Assert.True(watch.Elapsed < Budget, $"took {watch.Elapsed}");
    }

    [Fact]
    public void The_command_should_reject_too_few_nodes_and_messages()
    {
        var command = BenchCommand.Create();
        Assert.Equal("bench", command.Name);
        var parse = command.Parse(["gossip", "--nodes", "1", "--messages", "0", "--strategy", "flood"]);
        Assert.Equal(2, parse.Errors.Count);
        Assert.Empty(command.Parse(["gossip", "--nodes", "3", "--strategy", "structured", "--wan", "--json"]).Errors);
    }
}
