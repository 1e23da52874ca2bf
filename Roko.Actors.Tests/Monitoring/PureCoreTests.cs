using Roko.Actors.Tests.Network;
using Xunit;

namespace Roko.Actors.Tests.Monitoring;

public sealed class PureCoreTests
{
    private static readonly string[] ActorShells = ["Alerting.cs", "AlertingProtocol.cs", "AlertmanagerClient.cs"];

    [Fact]
    public void Monitoring_core_should_not_reference_akka_outside_settings_readers_and_the_alerting_actor()
    {
        var directory = Path.Combine(RokoConfig.RepositoryRoot, "Roko.Actors", "Monitoring");
        var offenders = Directory.EnumerateFiles(directory, "*.cs")
            .Where(file => !file.EndsWith("Settings.cs", StringComparison.Ordinal))
            .Where(file => !ActorShells.Contains(Path.GetFileName(file)))
            .Where(file => File.ReadLines(file).Any(line => line.TrimStart().StartsWith("using Akka", StringComparison.Ordinal)))
            .Select(Path.GetFileName)
            .ToList();

        Assert.NotEmpty(Directory.EnumerateFiles(directory, "*.cs"));
        Assert.Empty(offenders);
    }
}
