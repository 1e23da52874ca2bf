using Roko.Actors.Tests.Support;
using Xunit;

namespace Roko.Actors.Tests.Architecture;

/// <summary>The functional core stays free of Akka: only actor, protocol and settings files may use it.</summary>
public sealed class PureCoreTests
{
    private static readonly string[] PureFolders = ["Primitives", "Crypto", "Ledger", "Mempool", "Time", "Network", "Consensus", "Verification", "Monitoring", "Propagation", "LightClient", "Sync", "Archive", "Forks"];
    // Sub-folders of pure folders that hold the actor shell.
    private static readonly string[] ShellFolders = ["Network/Overlay", "Network/Bench", "Time/Bench", "Propagation/Bench", "Mempool/Bench"];
    private static readonly string[] ShellSuffixes = ["Actor.cs", "Protocol.cs", "Settings.cs", "Mailbox.cs"];
    // Shell files in pure folders whose names don't end in a shell suffix, named one by one.
    private static readonly string[] ShellFiles = ["PeerManager.cs", "PeerSession.cs", "Alerting.cs", "BlockPropagator.cs", "TimeSyncSampler.cs",
        "TimeSyncSampler.Probes.cs", "TimeWireEndpoint.cs", "TimeWireReceiver.cs",
        "ConsensusDriver.cs", "ConsensusRound.cs", "MempoolShard.cs", "MempoolRouter.cs", "AdmissionProbe.cs", "PropagationHost.cs",
        "NetworkHealth.cs", "NodeHealthReporter.cs", "BlockSync.cs",
        "ArchiveIndexer.cs", "CommittedBlockFollower.cs", "ParticipationWatch.cs", "ForkMonitor.cs", "ForkSerializer.cs"];

    [Fact]
    public void Pure_core_files_should_not_use_akka()
    {
        var root = RepositoryRoot.Combine("Roko.Actors");
        foreach (var folder in PureFolders)
            Assert.True(Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs").Any(), $"pure folder {folder} has no sources to check");
        var offenders = PureFolders
            .Select(f => Path.Combine(root, f))
            .SelectMany(d => Directory.GetFiles(d, "*.cs", SearchOption.AllDirectories))
            .Where(f => !ShellSuffixes.Any(s => f.EndsWith(s, StringComparison.Ordinal)) && !ShellFiles.Contains(Path.GetFileName(f)))
            .Where(f => !ShellFolders.Any(d => Path.GetRelativePath(root, f).StartsWith(d + "/", StringComparison.Ordinal)))
            .Where(f => File.ReadLines(f).Any(l => l.TrimStart().StartsWith("using Akka", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(root, f))
            .ToList();
        Assert.True(offenders.Count == 0, "pure core files using Akka: " + string.Join(", ", offenders));
    }
}
