using Xunit;

namespace Roko.Actors.Tests.Chaos;

/// <summary>Chaos scenarios run alone, one after another: each starts four `roko node` processes on a 2-core machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ChaosCollection
{
    public const string Name = "Chaos";
}
