using Xunit;

namespace Roko.Actors.Tests.Network;

public sealed class PureCoreTests
{
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
        Assert.Empty(offenders);
    }
}
