using Akka.Actor;
using Envelope = Roko.Actors.Network.Envelope;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Network;
using Xunit;
using Xunit.Abstractions;
using static Roko.Actors.Network.Overlay.PeerManagerProtocol;

namespace Roko.Actors.Tests.MultiNode;

[Collection(MultiNodeCollection.Name)]
public sealed class FloodingPeerSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ClusterHarness _harness = new(output);

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _harness.DisposeAsync();

    private static Envelope Message(ClusterNode from, int n) =>
        Envelope.Seal("test/tx", MessagePriority.Transaction, NanoMoment.FromDateTime(DateTime.UtcNow), BitConverter.GetBytes(n), from.Key);

    [Fact]
    public async Task A_flooding_peer_should_be_blacklisted_while_an_honest_peers_messages_keep_flowing()
    {
        // The victim runs a tight limit so a 3,000-message flood crosses it within the test's budget.
        const string TightLimit = "roko.network.ddos { rate-per-second = 200, burst = 400 }";
        var victim = await _harness.StartAsync("victim", Region.NorthAmerica, hocon: TightLimit);
        var flooder = await _harness.StartAsync("flooder", Region.Europe);
        var honest = await _harness.StartAsync("honest", Region.AsiaPacific);
        await _harness.JoinAllAsync();
        await _harness.AwaitSessionsAsync(TimeSpan.FromSeconds(10));
        var blacklistings = new EventCollector<PeerBlacklisted>();
        victim.System.EventStream.Subscribe(victim.System.ActorOf(blacklistings.Props()), typeof(PeerBlacklisted));

        const int flood = 3000;
        for (int i = 0; i < flood; i++) flooder.Peers.Tell(new SendTo(victim.PeerId, Message(flooder, i)));

        await Eventually.AwaitAssertAsync(async () =>
        {
            Assert.Contains(blacklistings.Events, e => e.Peer == flooder.PeerId);
            Assert.Equal(PeerState.Blacklisted, (await victim.PeerListAsync()).Single(p => p.Id == flooder.PeerId).State);
        }, TimeSpan.FromSeconds(15));
        int floodDelivered = victim.Inbox.CountFrom(flooder.PeerId);
        output.WriteLine($"flooder: {floodDelivered} of {flood} delivered before the cut-off; {blacklistings.Events[0].Reason}");
        Assert.InRange(floodDelivered, 1, flood - 1);

        const int honestCount = 50;
        for (int i = 0; i < honestCount; i++) honest.Peers.Tell(new SendTo(victim.PeerId, Message(honest, i)));
        for (int i = 0; i < 100; i++) flooder.Peers.Tell(new SendTo(victim.PeerId, Message(flooder, flood + i)));

        await Eventually.AwaitAssertAsync(() => Assert.Equal(honestCount, victim.Inbox.CountFrom(honest.PeerId)),
            TimeSpan.FromSeconds(10));
        Assert.Equal(floodDelivered, victim.Inbox.CountFrom(flooder.PeerId));
        var honestView = (await victim.PeerListAsync()).Single(p => p.Id == honest.PeerId);
        Assert.Equal(PeerState.Established, honestView.State);
        Assert.Equal(0, honestView.EnvelopesRejected);
    }
}
