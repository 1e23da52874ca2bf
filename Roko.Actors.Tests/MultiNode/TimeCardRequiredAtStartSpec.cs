using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Nodes;
using Roko.Actors.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// Deployments that can vote: hocon/validator.conf puts validators on a time card, and a validator configured for a card
/// it cannot read refuses to start (RokoNode.Start, as `roko node` runs it) with an error saying what to install or change.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class TimeCardRequiredAtStartSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ValidatorNetwork _network = new(output);
    private readonly TimeCardTree _card = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _network.DisposeAsync();
        _card.Dispose();
    }

    [Fact]
    public void Validator_role_file_should_put_validators_on_a_time_card_and_the_devnet_on_the_host_clock()
    {
        Assert.Equal(ClockSourceChoice.TimeCard, ClockSourceSettings.Create(RokoConfig.Embedded("validator.conf").WithFallback(RokoConfig.Defaults)).Source);
        Assert.Equal(ClockSourceChoice.System,
            ClockSourceSettings.Create(RokoConfig.Embedded("devnet.conf").WithFallback(RokoConfig.Embedded("validator.conf")).WithFallback(RokoConfig.Defaults)).Source);
        // A node layers its role file over roko.conf (system), so a validator that sets nothing is on its card; archives
        // stay on the system clock.
        Assert.Equal(ClockSourceChoice.TimeCard, ClockSourceSettings.Create(RokoNode.Compose(Akka.Configuration.Config.Empty)).Source);
        Assert.Equal(ClockSourceChoice.System, ClockSourceSettings.Create(RokoConfig.Embedded("archive.conf").WithFallback(RokoConfig.Defaults)).Source);
    }

    [Fact]
    public async Task Validator_configured_for_a_card_it_cannot_read_should_refuse_to_start_saying_what_to_install()
    {
        string missingCard = _card.Hocon().Replace("card = ocp0", "card = ocp7", StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<TimeCardMissingException>(() => _network.StartAsync(1, hoconOf: _ => missingCard));

        output.WriteLine(error.Message);
        Assert.Contains("roko.clock.source = time-card", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_card.Root, "ocp7"), error.Message, StringComparison.Ordinal);
        Assert.Contains("modprobe ptp_ocp", error.Message, StringComparison.Ordinal);
        Assert.Contains("roko.clock.time-card.card", error.Message, StringComparison.Ordinal);
    }
}
