using Xunit;

namespace Roko.Actors.Tests.Network;

public sealed class PureCoreTests
{
    /// <summary>
    /// Roko.Actors/Network holds the pure core (plus the *Settings.cs readers); the actor shell that wires it to
    /// Akka (PeerManager, PeerSession, their protocols, ClusterConfig) lives in Network/Overlay and is not scanned.
    /// </summary>
    [Fact]
    public void Network_rules_should_not_reference_akka_when_they_are_not_settings_readers()
    {
        var directory = Path.Combine(RokoConfig.RepositoryRoot, "Roko.Actors", "Network");
        var offenders = Directory.EnumerateFiles(directory, "*.cs")
            .Where(file => !file.EndsWith("Settings.cs", StringComparison.Ordinal))
            .Where(file => File.ReadLines(file).Any(line => line.TrimStart().StartsWith("using Akka", StringComparison.Ordinal)))
            .Select(Path.GetFileName)
            .ToList();

        Assert.NotEmpty(Directory.EnumerateFiles(directory, "*.cs"));
        Assert.Contains("Envelope.cs", Directory.EnumerateFiles(directory, "*.cs").Select(Path.GetFileName));
        Assert.Empty(offenders);
    }
}
