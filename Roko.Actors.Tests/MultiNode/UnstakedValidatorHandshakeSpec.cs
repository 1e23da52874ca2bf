using System.Collections.Immutable;
using Akka.Actor;
using Roko.Actors.Network;
using Xunit;
using Xunit.Abstractions;
using static Roko.Actors.Network.Overlay.PeerManagerProtocol;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// Two overlay nodes over real remoting, both announcing role validator; only one key is in the validator set the
/// first node's ledger knows. Its PeerSession must refuse the other as a validator (reported with the reason) and keep
/// it as a non-voting peer; once the set includes that key, the peer is a validator again.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class UnstakedValidatorHandshakeSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ClusterHarness _harness = new(output);

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _harness.DisposeAsync();

    [Fact]
    public async Task A_peer_claiming_validator_without_stake_should_be_refused_as_a_validator_and_kept_as_a_non_voting_peer()
    {
        var staked = await _harness.StartAsync("staked", Region.NorthAmerica);
        var unstaked = await _harness.StartAsync("unstaked", Region.Europe);
        var refusals = new EventCollector<PeerRefusedAsValidator>();
        staked.System.EventStream.Subscribe(staked.System.ActorOf(refusals.Props()), typeof(PeerRefusedAsValidator));
        staked.Peers.Tell(new ValidatorRosterChanged(new ValidatorRoster(5, [staked.Key.PublicKey])));

        await _harness.JoinAllAsync();
        await _harness.AwaitSessionsAsync(TimeSpan.FromSeconds(15));

        await Eventually.AwaitAssertAsync(() => Assert.Single(refusals.Events), TimeSpan.FromSeconds(15));
        var refused = Assert.Single(refusals.Events);
        Assert.Equal(unstaked.PeerId, refused.Peer);
        Assert.Equal(unstaked.Key.PublicKey, refused.Key);
        Assert.Contains("no stake", refused.Reason);
        output.WriteLine("refused as a validator: " + refused.Reason);
        var peer = Assert.Single(await staked.PeerListAsync(), p => p.Id == unstaked.PeerId);
        Assert.Equal(ValidatorStanding.Unstaked, peer.Standing);
        Assert.Equal(PeerState.Established, peer.State); // still connected, as a non-voting peer

        staked.Peers.Tell(new ValidatorRosterChanged(new ValidatorRoster(7, ImmutableHashSet.Create(staked.Key.PublicKey, unstaked.Key.PublicKey))));
        await Eventually.AwaitAssertAsync(async () =>
            Assert.Equal(ValidatorStanding.Staked, Assert.Single(await staked.PeerListAsync(), p => p.Id == unstaked.PeerId).Standing),
            TimeSpan.FromSeconds(10));
        Assert.Single(refusals.Events);
    }
}
