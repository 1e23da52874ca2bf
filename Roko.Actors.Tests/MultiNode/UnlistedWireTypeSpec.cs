using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.TestKit;
using Roko.Actors.Nodes;
using Roko.Actors.Tests.Wire;
using Roko.Actors.Wire;
using Xunit;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// The wire allowlist over real Akka.Remote TCP between ActorSystems, through Akka's Hyperion adapter: a receiver with
/// the node's wire serializer, an honest sender with the same, and a hostile sender whose serializer under the wire id
/// writes any type. Allowed messages arrive (actor refs in them resolve back across systems); a payload naming an
/// unlisted type — at the top or hidden inside an allowed message — is refused by the receiver, which logs why and
/// keeps the association.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class UnlistedWireTypeSpec() : Akka.TestKit.Xunit2.TestKit(ReceiverConfig, "receiver")
{
    private const string RemoteHocon = """
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
        akka.loglevel = WARNING
        roko.wire.scan-assemblies = ["roko", "Roko.Actors.Tests"]
        """;

    private const string HostileHocon = """
        akka.actor.serializers.roko-wire = "Roko.Actors.Tests.Wire.PermissiveWireSerializer, Roko.Actors.Tests"
        akka.actor.serialization-bindings { "Roko.Actors.Tests.Wire.UnlistedRecord, Roko.Actors.Tests" = roko-wire }
        akka.actor.serializers.json = "Akka.Serialization.NewtonSoftJsonSerializer, Akka"
        """;

    private static readonly Config ReceiverConfig = ConfigurationFactory.ParseString(RemoteHocon).WithFallback(RokoConfig.Defaults);
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Receiver_should_refuse_an_unlisted_type_when_a_peer_sends_it_over_remoting()
    {
        var inbox = CreateTestProbe();
        var warnings = CreateTestProbe();
        Sys.EventStream.Subscribe(warnings.Ref, typeof(Warning));
        var honest = ActorSystem.Create("honest", ReceiverConfig);
        var hostile = ActorSystem.Create("hostile", ConfigurationFactory.ParseString(HostileHocon).WithFallback(ReceiverConfig));
        try
        {
            var fromHonest = await ResolveAsync(honest, inbox.Ref);
            var fromHostile = await ResolveAsync(hostile, inbox.Ref);
            var replies = CreateTestProbe(honest);

            // An allowed message with an actor ref of the sending system: it arrives and the ref reaches the sender.
            fromHonest.Tell(new TransferAnnounced(1, 2, [3], [4], [new WireAmount(5, "roko")], new WireAmount(6, "roko"), "m",
                TransferKind.Transfer, replies.Ref));
            var transfer = inbox.ExpectMsg<TransferAnnounced>(Generous);
            transfer.ReplyTo.Tell("reply");
            replies.ExpectMsg("reply", Generous);

            // The honest sender's serializer checks the top-level type only; the receiver refuses what hides inside.
            fromHonest.Tell(new OpaqueParcel(new UnlistedRecord("inside")));
            fromHonest.Tell(new OpaqueParcel(new WireAmount(7, "after-honest")));
            // The hostile sender writes an unlisted type under the wire serializer's identifier.
            fromHostile.Tell(new UnlistedRecord("top-level"));
            // And a type with no binding under Akka's JSON serializer's identifier (1), with the type named in the manifest.
            fromHostile.Tell(new UnboundRecord("json"));
            fromHostile.Tell(new OpaqueParcel(new WireAmount(8, "after-hostile")));

            // Messages from one sender arrive in order: the marker arriving first means the refused one never did.
            var received = new[] { inbox.ExpectMsg<OpaqueParcel>(Generous), inbox.ExpectMsg<OpaqueParcel>(Generous) };
            Assert.Equal(["after-honest", "after-hostile"],
                received.Select(p => Assert.IsType<WireAmount>(p.Payload).Denomination).Order());
            inbox.ExpectNoMsg(TimeSpan.FromMilliseconds(500));

            var refusals = new[] { ExpectRefusal(warnings), ExpectRefusal(warnings), ExpectRefusal(warnings) };
            var allowlistRefusals = refusals.Where(r => r.TypeName != UnboundTypeSerializer.UnnamedType).ToList();
            Assert.Equal(2, allowlistRefusals.Count);
            Assert.All(allowlistRefusals, r => Assert.Equal($"{typeof(UnlistedRecord).FullName}, Roko.Actors.Tests", r.TypeName));
            Assert.All(allowlistRefusals, r => Assert.Contains("is not on the wire allowlist; refusing to deserialize it", r.Message));
            // Akka's JSON serializer names the type only inside its body, which the receiver never parses.
            var jsonRefusal = Assert.Single(refusals, r => r.TypeName == UnboundTypeSerializer.UnnamedType);
            Assert.Contains("has no serializer binding and Akka's JSON fallback is refused on this node; refusing to deserialize it", jsonRefusal.Message);
        }
        finally
        {
            await Task.WhenAll(honest.Terminate(), hostile.Terminate());
        }
    }

    private async Task<IActorRef> ResolveAsync(ActorSystem from, IActorRef target)
    {
        var address = ((ExtendedActorSystem)Sys).Provider.DefaultAddress;
        return await from.ActorSelection(target.Path.ToStringWithAddress(address)).ResolveOne(Generous);
    }

    private static WireTypeRefusedException ExpectRefusal(TestProbe warnings) =>
        (WireTypeRefusedException)warnings.FishForMessage<Warning>(w => w.Cause is WireTypeRefusedException, Generous).Cause;
}
