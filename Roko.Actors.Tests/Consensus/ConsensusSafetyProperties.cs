using System.Collections.Concurrent;
using System.Diagnostics;
using Roko.Actors.Consensus;
using Roko.Actors.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.Consensus;

/// <summary>
/// Randomized schedules of 4–5 validators, or 4–7 in every tenth (up to f equivocating), through
/// <see cref="ConsensusSimulation"/>, with every
/// validator's signing record in the production SQLite store and honest validators crashing before GST at every kind of
/// effect boundary (decided but not persisted, persisted but not sent, sent, elsewhere) and restarting from the store:
/// no honest validator ever sends two different signed messages for one (height, round, step) or has a signature
/// refused by its own record, no two honest validators commit different blocks at one height, evidence names only
/// equivocators, and after GST all honest validators commit. A failure prints the seed, the nodes' states and the tail
/// of each node's input log; set <c>ROKO_CONSENSUS_SEED</c> and run
/// <see cref="Replay_should_print_the_full_log_when_a_seed_is_given"/> to see all of it. The record files live on
/// /dev/shm where there is one: tmpfs makes the fsync cheap, the code path stays the production one.
/// </summary>
public sealed class ConsensusSafetyProperties(ITestOutputHelper output)
{
    private const int Schedules = 10_000;
    // Small networks keep 10,000 schedules within tens of seconds of CI; every tenth schedule has up to seven validators
    // (two of them equivocating at most), the size the simulation was first run at.
    private const int LargeEvery = 10;
    private static readonly ConsensusSimulation.SimulationShape Small = new(4, 5, TimeSpan.FromSeconds(3));
    private const int LogTailOnFailure = 60;
    private const string SeedVariable = "ROKO_CONSENSUS_SEED";
    private static readonly string? RecordDirectory = Directory.Exists("/dev/shm") ? "/dev/shm" : null;

    [Fact]
    public void Honest_validators_should_never_double_sign_or_commit_different_blocks_across_crashes_and_should_all_commit_after_gst()
    {
        var failures = new ConcurrentBag<(int Seed, string Problem)>();
        var crashes = new ConcurrentDictionary<ConsensusSimulation.CrashPoint, int>();
        var watch = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        long equivocators = 0, schedulesWithCrashes = 0;
        using var dir = new TempDirectory(RecordDirectory);

        Parallel.For(0, Schedules, seed =>
        {
            var (simulation, problem) = Run(seed, dir);
            Interlocked.Add(ref equivocators, simulation.Nodes.Count(n => n.Byzantine));
            if (simulation.Crashes.Count > 0) Interlocked.Increment(ref schedulesWithCrashes);
            foreach (var (point, count) in simulation.Crashes) crashes.AddOrUpdate(point, count, (_, c) => c + count);
            if (problem is not null) failures.Add((seed, problem + Environment.NewLine + simulation.Describe(LogTailOnFailure)));
        });

        output.WriteLine($"{Schedules} schedules, {equivocators} equivocating validators in all; {schedulesWithCrashes} schedules with crashes: " +
                         $"{string.Join(", ", crashes.OrderBy(c => c.Key).Select(c => $"{c.Value} {c.Key}"))}; {watch.Elapsed.TotalSeconds:F1} s, " +
                         $"{(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s of CPU");
        foreach (var point in Enum.GetValues<ConsensusSimulation.CrashPoint>())
            Assert.True(crashes.GetValueOrDefault(point) > 0, $"no schedule crashed a validator at {point}");
        if (!failures.IsEmpty)
        {
            var first = failures.OrderBy(f => f.Seed).First();
            output.WriteLine(first.Problem);
            Assert.Fail($"{failures.Count} of {Schedules} schedules failed; first seed {first.Seed}: {first.Problem}");
        }
    }

    [Fact]
    public void Simulation_should_catch_double_signing_when_restarted_validators_forget_their_signing_record()
    {
        // The node before the signing record: a restarted validator started its height afresh at round 0. The same
        // schedules then make honest validators sign conflicting messages, and their peers report them as evidence.
        const int MaxSchedules = 2000;
        using var dir = new TempDirectory(RecordDirectory);
        for (int seed = 0; seed < MaxSchedules; seed++)
        {
            var (simulation, problem) = Run(seed, dir, forgetRecords: true);
            if (simulation.DoubleSigned.Count == 0) continue;
            output.WriteLine($"seed {seed} (schedule {seed + 1}): {problem}");
            Assert.StartsWith("DOUBLE SIGNING", problem);
            return;
        }
        Assert.Fail($"no double signing in {MaxSchedules} schedules whose restarted validators forgot their records: the check cannot see it");
    }

    [Fact]
    public void Replay_should_print_the_full_log_when_a_seed_is_given()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), out int seed)) return;
        using var dir = new TempDirectory(RecordDirectory);
        var (simulation, problem) = Run(seed, dir);
        output.WriteLine(problem ?? "no violation");
        output.WriteLine(simulation.Describe(int.MaxValue));
    }

    [Fact]
    public void Simulation_should_be_deterministic_when_run_twice_with_one_seed()
    {
        const int Seed = 4242;
        using var dir = new TempDirectory(RecordDirectory);

        var (first, _) = Run(Seed, dir);
        var (second, _) = Run(Seed, dir);

        Assert.Equal(first.Describe(int.MaxValue), second.Describe(int.MaxValue));
    }

    [Fact]
    public void Recorded_inputs_should_reproduce_a_nodes_effects_when_fed_to_a_fresh_machine()
    {
        const int Seed = 77;
        using var simulation = new ConsensusSimulation(Seed);
        simulation.Run();
        var node = simulation.Honest.First();
        var fresh = new ConsensusMachine(ConsensusSimulation.ChainId, node.Key, ConsensusSimulation.Settings);

        var commits = node.Log.SelectMany(entry => fresh.Handle(entry.Input!, entry.Clock)).OfType<ConsensusEffect.CommitBlock>()
            .Select(c => (c.Block.Height, c.Block.Hash, c.Certificate.Round)).ToList();

        Assert.Equal(node.Commits.Values.Select(c => (c.Block.Height, c.Block.Hash, c.Certificate.Round)), commits);
        Assert.Equal(node.Machine.Height, fresh.Height);
        Assert.Equal(node.Machine.Step, fresh.Step);
    }

    /// <summary>One schedule with crashes, on a fresh signing-record file that is deleted afterwards.</summary>
    private static (ConsensusSimulation Simulation, string? Problem) Run(int seed, TempDirectory dir, bool forgetRecords = false)
    {
        string file = dir.Combine($"signing-{seed}-{Guid.NewGuid():N}.db");
        try
        {
            using var simulation = new ConsensusSimulation(seed, forgetRecords ? null : file, crashes: true,
                seed % LargeEvery == 0 ? ConsensusSimulation.SimulationShape.Default : Small);
            simulation.Run();
            return (simulation, Check(simulation));
        }
        finally
        {
            foreach (string suffix in new[] { "", "-wal", "-shm" }) File.Delete(file + suffix);
        }
    }

    private static string? Check(ConsensusSimulation simulation)
    {
        if (simulation.DoubleSigned.FirstOrDefault() is { } doubleSigned) return "DOUBLE SIGNING: " + doubleSigned;
        if (simulation.Honest.FirstOrDefault(n => n.Refusals.Count > 0) is { } refused)
            return $"REFUSED: honest node {refused.Index} tried to sign against its signing record: {refused.Refusals[0]}";
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
