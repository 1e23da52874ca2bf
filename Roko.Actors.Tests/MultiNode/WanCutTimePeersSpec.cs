using Akka.Actor;
using Roko.Actors.Network.Overlay;
using Xunit;
using Xunit.Abstractions;
using static Roko.Actors.Network.Overlay.PeerManagerProtocol;
using static Roko.Actors.Time.TimeSyncProtocol;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// Time probes travel over the nodes' UDP sockets, not through the peer sessions the emulated WAN cut silences, so the
/// PeerManager leaves a cut peer out of the time peers it names and names it again once healed: a cut validator's
/// sampler stops probing it, as it would over a lost link.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class WanCutTimePeersSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);
    private readonly ValidatorNetwork _network = new(output);

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _network.DisposeAsync();

    [Fact]
    public async Task Cut_peer_should_leave_the_time_peers_and_come_back_when_healed()
    {
        await _network.StartAsync(3, hoconOf: _ => "roko.timesync { probe-interval = 250ms, probe-timeout = 200ms }\n");
        var node = _network.Nodes[0].Node;
        string cutPeer = _network.Nodes[1].Node.Address.ToString();
        var sampler = await node.System.ActorSelection("/user/node/timesync").ResolveOne(AskTimeout);
        var peers = await node.System.ActorSelection("/user/node/peers").ResolveOne(AskTimeout);

        await AwaitTimePeersAsync(sampler, 2);
        await peers.Ask<CurrentWanCut>(new CutWanLinks([cutPeer]), AskTimeout);
        var cut = await AwaitTimePeersAsync(sampler, 1);
        output.WriteLine($"cut: {cut.TotalMilliseconds:F0} ms until the sampler probed 1 peer");
        await peers.Ask<CurrentWanCut>(HealWanLinks.Instance, AskTimeout);
        var healed = await AwaitTimePeersAsync(sampler, 2);
        output.WriteLine($"healed: {healed.TotalMilliseconds:F0} ms until the sampler probed 2 peers again");
    }

    private static Task<TimeSpan> AwaitTimePeersAsync(IActorRef sampler, int expected) =>
        Eventually.AwaitAssertAsync(async () =>
        {
            var status = await sampler.Ask<TimeSyncStatus>(GetTimeSyncStatus.Instance, AskTimeout);
            Assert.Equal(expected, status.TimePeers);
        }, Generous);
}
