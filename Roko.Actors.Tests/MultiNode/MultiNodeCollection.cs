using Xunit;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>Multi-node specs run one after another: each starts several ActorSystems on a 2-core machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MultiNodeCollection
{
    public const string Name = "MultiNode";
}
