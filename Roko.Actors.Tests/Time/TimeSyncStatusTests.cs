using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Time;
using Xunit;
using static Roko.Actors.Time.TimeSyncProtocol;

namespace Roko.Actors.Tests.Time;

public sealed class TimeSyncStatusTests
{
    [Fact]
    public void Attestation_rate_should_be_the_share_of_sampled_peers_with_a_usable_attestation()
    {
        var status = TimeSyncStatus.Initial(ClockStatus.Synchronized) with { Sources = 3, TimePeers = 4 };

        Assert.Equal(0.75, status.AttestationRate);
    }

    [Fact]
    public void Attestation_rate_should_be_absent_while_no_peer_is_sampled()
    {
        Assert.Null(TimeSyncStatus.Initial(ClockStatus.Synchronized).AttestationRate);
    }
}
