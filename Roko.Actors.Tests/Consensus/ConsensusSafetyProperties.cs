using System.Collections.Concurrent;
using System.Diagnostics;
using Roko.Actors.Consensus;
using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.Consensus;

/// <summary>
/// Randomized schedules of 4–7 validators (up to f equivocating) through <see cref="ConsensusSimulation"/>: no two
/// honest validators ever commit different blocks at one height, and after GST all honest validators commit.
/// A failure prints the seed, the nodes' states and the tail of each node's input log; set
/// <c>ROKO_CONSENSUS_SEED</c> and run <see cref="Replay_should_print_the_full_log_when_a_seed_is_given"/> to see all of it.
/// </summary>
public sealed class ConsensusSafetyProperties(ITestOutputHelper output)
{
    private const int Schedules = 2000;
    private const int LogTailOnFailure = 60;
    private const string SeedVariable = "ROKO_CONSENSUS_SEED";

    [Fact]
    public void Honest_validators_should_never_commit_different_blocks_and_should_all_commit_after_gst()
    {
        var failures = new ConcurrentBag<(int Seed, string Problem)>();
        var watch = Stopwatch.StartNew();
        long equivocators = 0;

        Parallel.For(0, Schedules, seed =>
        {
            var simulation = new ConsensusSimulation(seed);
            simulation.Run();
            Interlocked.Add(ref equivocators, simulation.Nodes.Count(n => n.Byzantine));
            if (Check(simulation) is { } problem) failures.Add((seed, problem + Environment.NewLine + simulation.Describe(LogTailOnFailure)));
        });

        output.WriteLine($"{Schedules} schedules, {equivocators} equivocating validators in all, {watch.Elapsed.TotalSeconds:F1} s");
        if (!failures.IsEmpty)
        {
            var first = failures.OrderBy(f => f.Seed).First();
            output.WriteLine(first.Problem);
            Assert.Fail($"{failures.Count} of {Schedules} schedules failed; first seed {first.Seed}: {first.Problem}");
        }
    }

    [Fact]
    public void Replay_should_print_the_full_log_when_a_seed_is_given()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), out int seed)) return;
        var simulation = new ConsensusSimulation(seed);
        simulation.Run();
        output.WriteLine(Check(simulation) ?? "no violation");
        output.WriteLine(simulation.Describe(int.MaxValue));
    }

    [Fact]
    public void Simulation_should_be_deterministic_when_run_twice_with_one_seed()
    {
        const int Seed = 4242;
        var first = new ConsensusSimulation(Seed);
        var second = new ConsensusSimulation(Seed);

        first.Run();
        second.Run();

        Assert.Equal(first.Describe(int.MaxValue), second.Describe(int.MaxValue));
    }

    [Fact]
    public void Recorded_inputs_should_reproduce_a_nodes_effects_when_fed_to_a_fresh_machine()
    {
        const int Seed = 77;
        var simulation = new ConsensusSimulation(Seed);
        simulation.Run();
        var node = simulation.Honest.First();
        var fresh = new ConsensusMachine(ConsensusSimulation.ChainId, node.Key, ConsensusSimulation.Settings);

        var commits = node.Log.SelectMany(entry => fresh.Handle(entry.Input, entry.Clock)).OfType<ConsensusEffect.CommitBlock>()
            .Select(c => (c.Block.Height, c.Block.Hash, c.Certificate.Round)).ToList();

        Assert.Equal(node.Commits.Values.Select(c => (c.Block.Height, c.Block.Hash, c.Certificate.Round)), commits);
        Assert.Equal(node.Machine.Height, fresh.Height);
        Assert.Equal(node.Machine.Step, fresh.Step);
    }

    private static string? Check(ConsensusSimulation simulation)
    {
        for (ulong height = 1; height <= ConsensusSimulation.TargetHeight; height++)
        {
            var committed = simulation.Honest.Where(n => n.Commits.ContainsKey(height)).Select(n => n.Commits[height]).ToList();
            if (committed.Select(c => c.Block.Hash).Distinct().Count() > 1)
                return $"SAFETY: honest validators committed {committed.Select(c => c.Block.Hash).Distinct().Count()} different blocks at height {height}";
            if (committed.FirstOrDefault() is { } commit && commit.Certificate.Verify(commit.Block.Header, simulation.Validators) is { } bad)
                return $"commit certificate at height {height} does not verify: {bad}";
        }
        if (simulation.Honest.FirstOrDefault(n => !n.Commits.ContainsKey(ConsensusSimulation.TargetHeight)) is { } stuck)
            return $"LIVENESS: honest node {stuck.Index} did not commit height {ConsensusSimulation.TargetHeight} after GST";
        var byzantineKeys = simulation.Nodes.Where(n => n.Byzantine).Select(n => n.Key.PublicKey).ToHashSet();
        if (simulation.Honest.SelectMany(n => n.Evidence).FirstOrDefault(e => !byzantineKeys.Contains(e.Validator) || e.Verify() is not null) is { } wrong)
            return $"EVIDENCE against {wrong.Validator.Bytes.Short}, which did not equivocate (or does not verify)";
        return null;
    }
}
