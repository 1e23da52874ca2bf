using Akka.Actor;
using Akka.Configuration;
using Roko.Actors.Nodes;
using Xunit;

namespace Roko.Actors.Tests.Wire;

public sealed class WireStartupSpec
{
    [Fact]
    public void Actor_system_should_fail_to_start_when_scan_assemblies_names_a_missing_assembly()
    {
        var config = ConfigurationFactory
            .ParseString("""roko.wire.scan-assemblies = ["roko", "No.Such.Assembly"]""")
            .WithFallback(RokoConfig.Defaults);

        var failure = Record.Exception(() => ActorSystem.Create("wire-startup", config).Dispose());

        Assert.NotNull(failure);
        Assert.Contains("No.Such.Assembly", failure.ToString());
    }
}
