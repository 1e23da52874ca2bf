using Xunit;

namespace Roko.Actors.Tests.Api;

/// <summary>One <see cref="ApiNode"/> shared by the tests of a class (starting a node takes seconds).</summary>
public sealed class ApiNodeFixture : IAsyncLifetime
{
    private ApiNode? _node;

    public ApiNode Node => _node ?? throw new InvalidOperationException("the fixture is not initialized");

    public async Task InitializeAsync() => _node = await ApiNode.StartAsync();

    public async Task DisposeAsync()
    {
        if (_node is not null) await _node.DisposeAsync();
    }
}
