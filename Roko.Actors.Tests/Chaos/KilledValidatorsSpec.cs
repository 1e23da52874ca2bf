using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Roko.Actors.Consensus;
using Roko.Actors.Crypto;
using Roko.Actors.Ledger;
using Roko.Actors.Persistence;
using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.Chaos;

/// <summary>
/// Two of four real `roko node` validators — half the stake, so the other two cannot decide alone — killed with SIGKILL
/// in the middle of a height (a random moment after one of them signed in it), again and again on one network, and
/// restarted: they resume from their
/// signing records, so no node ever reports double signing, no evidence enters the chain, the chain resumes within a
/// minute of every restart, and `roko chain verify` accepts every chain (<see cref="ChaosVerdict"/>).
/// </summary>
[Collection(ChaosCollection.Name)]
public sealed class KilledValidatorsSpec(ITestOutputHelper output)
{
    private const int Validators = 4;
    private const int KillPoints = 5;
    private const double TxPerSecond = 10;
    private const int MaxKillDelayMillis = 50;
    private const int MaxGapBetweenKillsMillis = 50;
    private const int MaxDowntimeMillis = 3000;
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan SignaturePoll = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan ResumeWithin = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);
    private static readonly string[] DoubleSigningLines = ["Reporting double signing by", "Double signing by", "Refused to sign"];

    [Fact]
    public async Task Half_the_stake_killed_mid_height_again_and_again_should_never_double_sign_and_should_resume_within_a_minute()
    {
        int seed = Environment.TickCount;
        var random = new Random(seed);
        output.WriteLine($"kill timings from seed {seed}");
        await using var network = await ChaosNetwork.StartAsync(Validators, output);
        await using var load = new ChaosLoad(network, TxPerSecond);
        await network.WaitForHeightAsync(network.Nodes, 2, Generous, "start");
        // The two with the highest addresses: the split-brain resolver keeps the half holding the lowest address, so the
        // survivors stay up (and halt) instead of downing themselves.
        var victims = network.Nodes.OrderByDescending(n => n.Port).Take(2).ToList();
        var survivors = network.Nodes.Except(victims).ToList();
        var resumes = new List<TimeSpan>();
        var points = new List<string>();
        int midHeight = 0;

        for (int kill = 1; kill <= KillPoints; kill++)
        {
            await SignedInTheHeightInProgressAsync(network, victims[random.Next(victims.Count)], $"kill {kill}");
            await Task.Delay(random.Next(MaxKillDelayMillis + 1)); // a random moment right after that signature
            foreach (var victim in victims.OrderBy(_ => random.Next()))
            {
                network.Kill(victim);
                await Task.Delay(random.Next(MaxGapBetweenKillsMillis + 1));
            }
            ulong atKill = await network.HeadAsync();
            var records = victims.Select(v => (Victim: v, Record: RecordOf(network, v))).ToList();
            midHeight += records.Count(r => r.Record?.Height > atKill);
            points.Add($"kill {kill} at head {atKill}: " + string.Join("; ", records.Select(r => $"{r.Victim} signed up to {Describe(r.Record)}")));
            output.WriteLine(points[^1]);
            await Task.Delay(random.Next(MaxDowntimeMillis + 1));

            ulong halted = await network.HeadAsync();
            var restarted = Stopwatch.StartNew();
            await Task.WhenAll(victims.Select(network.RestartAsync));
            await network.WaitForHeightAsync(survivors, halted + 1, Generous, $"kill {kill}: the chain resumes after the restart");
            resumes.Add(restarted.Elapsed);
            output.WriteLine($"kill {kill}: halted at {halted}, next block {restarted.Elapsed.TotalSeconds:F1} s after the restart began");
            Assert.True(restarted.Elapsed <= ResumeWithin, $"kill {kill}: the chain resumed {restarted.Elapsed.TotalSeconds:F1} s after the restart, not within {ResumeWithin}");
        }
        ulong final = await network.HeadAsync();
        await network.WaitForHeightAsync(network.Nodes, final + 2, Generous, "all four finalize together after the last restart");

        await load.StopAsync(Settle);
        var chain = await ChaosVerdict.AssertSafeAsync(network, load);
        foreach (var node in network.Nodes)
            foreach (string line in DoubleSigningLines)
                Assert.False(node.Logs.Any(l => l.Contains(line, StringComparison.Ordinal)), $"{node} logged '{line}'");
        Assert.DoesNotContain(chain.Values.SelectMany(b => b.Transactions), t => t.Payload is EvidencePayload);
        Assert.True(midHeight > 0, "no kill came while a victim had signed in a height not yet decided:\n" + string.Join("\n", points));
        int resumed = victims.Sum(v => v.Logs.Sum(l => l.Split('\n').Count(line => line.Contains("Resumed height", StringComparison.Ordinal))));
        output.WriteLine($"CHAOS FIGURES [two of four killed mid-height, {KillPoints} times]: {KillPoints * victims.Count} kills at " +
                         $"{KillPoints} kill points, {midHeight} of the kills with a signature in the undecided height, {resumed} heights resumed from a signing record; chain resumed {string.Join(", ", resumes.Select(r => $"{r.TotalSeconds:F1} s"))} after the restarts " +
                         $"(max {resumes.Max().TotalSeconds:F1} s); no double signing, no evidence, every chain verified; " +
                         $"{load.Finalized.Count} txs acknowledged final, none lost");
    }

    /// <summary>
    /// Waits until <paramref name="node"/> has signed something in the height being decided: its signing record (read
    /// from its running chain.db, read-only) is past the head of the network.
    /// </summary>
    private static async Task SignedInTheHeightInProgressAsync(ChaosNetwork network, ChaosNode node, string what)
    {
        var deadline = DateTime.UtcNow + Generous;
        ulong head = await network.HeadAsync();
        // The record is read every poll; the head (HTTP to every node) only when the record has passed the head last seen,
        // so the kill follows the signature by milliseconds, before the height is decided.
        while (RecordHeightOf(node) is not { } signed || signed <= head || signed <= (head = await network.HeadAsync()))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{what}: {node} signed nothing in a height in progress within {Generous}");
            await Task.Delay(SignaturePoll);
        }
    }

    private static ulong? RecordHeightOf(ChaosNode node)
    {
        string connection = new SqliteConnectionStringBuilder { DataSource = node.DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        try
        {
            using var db = new SqliteConnection(connection);
            db.Open();
            using var query = db.CreateCommand();
            query.CommandText = $"SELECT height FROM {SqlSigningRecordStore.Table}";
            return query.ExecuteScalar() is long height ? (ulong)height : null;
        }
        catch (SqliteException)
        {
            return null; // not created yet, or busy for a moment: ask again
        }
    }

    /// <summary>Where a killed validator stood: its signing record as its chain.db holds it (read as its restart will).</summary>
    private static SigningRecord? RecordOf(ChaosNetwork network, ChaosNode node)
    {
        var key = KeyFile.Load(Path.Combine(node.DataDir, "node.key")).PublicKey;
        using var store = SqlSigningRecordStore.Sqlite(node.DatabasePath);
        return store.Load(network.Genesis.ChainId, key);
    }

    private static string Describe(SigningRecord? record)
    {
        if (record is null) return "nothing";
        var signed = new[] { record.Proposal is null ? null : "proposal", record.Prevote is null ? null : $"prevote r{record.Prevote.Round}",
            record.Precommit is null ? null : $"precommit r{record.Precommit.Round}" }.OfType<string>();
        return $"{record.Position} ({string.Join(", ", signed)}{(record.LockedRound >= 0 ? $", locked r{record.LockedRound}" : "")})";
    }
}
