using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using Roko.Actors.Nodes;
using Roko.Actors.Wire;
using Xunit;

namespace Roko.Actors.Tests.Wire;

public sealed class HyperionWireSerializerSpec() : Akka.TestKit.Xunit2.TestKit(WireTestConfig)
{
    private static readonly Config WireTestConfig = ConfigurationFactory
        .ParseString("""roko.wire.scan-assemblies = ["roko", "Roko.Actors.Tests"]""")
        .WithFallback(RokoConfig.Defaults);

    private Serializer WireSerializer => Sys.Serialization.FindSerializerForType(typeof(IWireMessage));

    // The path remoting takes: serializer chosen by the identifier in the envelope.
    private object DeserializeAsRemotingDoes(byte[] payload, Type type) =>
        Sys.Serialization.Deserialize(payload, HyperionWireSerializer.SerializerIdentifier, type);

    private object RoundTrip(object message)
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        return serializer.FromBinary(serializer.ToBinary(message), message.GetType());
    }

    private static TransferAnnounced SampleTransfer(IActorRef replyTo) => new(
        Height: 1_234_567_890_123L,
        Amount: UInt128.MaxValue - 7,
        Signature: [1, 2, 3, 255],
        PublicKey: [9, 8, 7],
        Fees: [new WireAmount(1, "roko"), new WireAmount(new UInt128(1, 2), "nano")],
        Total: new WireAmount(UInt128.One << 100, "roko"),
        Memo: "Grüße, ε",
        Kind: TransferKind.Stake,
        ReplyTo: replyTo);

    [Fact]
    public void Serialization_should_pick_the_wire_serializer_when_the_message_implements_IWireMessage()
    {
        var serializer = Sys.Serialization.FindSerializerFor(new WireAmount(1, "roko"));

        Assert.IsType<HyperionWireSerializer>(serializer);
        Assert.Equal(HyperionWireSerializer.SerializerIdentifier, serializer.Identifier);
        Assert.False(serializer.IncludeManifest);
    }

    [Fact]
    public void Wire_serializer_should_be_Akka_s_Hyperion_adapter_with_the_allowlist_as_its_type_filter()
    {
        var serializer = Assert.IsType<HyperionWireSerializer>(WireSerializer);

        var adapter = Assert.IsAssignableFrom<HyperionSerializer>(serializer);
        Assert.Same(serializer.Allowlist, adapter.Settings.TypeFilter);
        Assert.True(adapter.Settings.DisallowUnsafeType);
        Assert.False(adapter.Settings.VersionTolerance);
        Assert.False(adapter.Settings.PreserveObjectReferences);
        Assert.Empty(adapter.Settings.Surrogates);
        // The adapter's reference.conf (a permissive "hyperion" serializer) is not part of a node's configuration.
        Assert.False(Sys.Settings.Config.HasPath("akka.actor.serializers.hyperion"));
    }

    // Why the adapter's own allow-list setting is not used: it builds Hyperion's TypeFilter, which stores short names
    // and is asked about the assembly-qualified name on write, so it refuses the very type it lists (quirk 1).
    [Fact]
    public void Adapter_allowed_types_setting_should_still_refuse_the_type_it_lists_when_writing_it()
    {
        var settings = HyperionSerializerSettings.Create(ConfigurationFactory.ParseString(
            $"allowed-types = [\"{typeof(AllowedRecord).AssemblyQualifiedName}\"]"));
        var adapter = new HyperionSerializer((ExtendedActorSystem)Sys, settings);

        var refused = Assert.ThrowsAny<Hyperion.Internal.EvilDeserializationException>(() => adapter.ToBinary(new AllowedRecord(1)));

        Assert.Equal(typeof(AllowedRecord).FullName, refused.BadTypeString);
    }

    [Fact]
    public void Wire_serializer_should_round_trip_every_field_when_all_field_types_are_allowed()
    {
        var original = SampleTransfer(TestActor);

        var copy = Assert.IsType<TransferAnnounced>(RoundTrip(original));

        Assert.Equal(original.Height, copy.Height);
        Assert.Equal(original.Amount, copy.Amount);
        Assert.Equal(original.Signature, copy.Signature);
        Assert.Equal(original.PublicKey.ToArray(), copy.PublicKey.ToArray());
        Assert.Equal(original.Fees.ToArray(), copy.Fees.ToArray());
        Assert.Equal(original.Total, copy.Total);
        Assert.Equal(original.Memo, copy.Memo);
        Assert.Equal(original.Kind, copy.Kind);
    }

    [Fact]
    public void Wire_serializer_should_resolve_an_actor_ref_to_the_same_actor_when_round_tripped()
    {
        var probe = CreateTestProbe();

        var copy = Assert.IsType<TransferAnnounced>(RoundTrip(SampleTransfer(probe.Ref)));
        copy.ReplyTo.Tell("reached", ActorRefs.NoSender);

        Assert.Equal(probe.Ref, copy.ReplyTo);
        probe.ExpectMsg("reached");
    }

    [Fact]
    public void Wire_serializer_should_resolve_every_actor_ref_when_they_travel_in_an_immutable_array()
    {
        var first = CreateTestProbe();
        var second = CreateTestProbe();

        var copy = Assert.IsType<PeersAnnounced>(RoundTrip(new PeersAnnounced([first.Ref, second.Ref])));

        Assert.Equal([first.Ref, second.Ref], copy.Peers.ToArray());
    }

    [Fact]
    public void Wire_serializer_should_keep_nobody_when_it_travels_in_an_actor_ref_field()
    {
        var copy = Assert.IsType<PeersAnnounced>(RoundTrip(new PeersAnnounced([ActorRefs.Nobody])));

        Assert.Same(ActorRefs.Nobody, Assert.Single(copy.Peers));
    }

    [Fact]
    public void Wire_serializer_should_refuse_to_serialize_a_type_when_it_is_not_on_the_allowlist()
    {
        var refused = Assert.Throws<WireTypeRefusedException>(() => WireSerializer.ToBinary(new UnlistedRecord("key")));

        Assert.Contains(typeof(UnlistedRecord).FullName!, refused.Message);
        Assert.Contains("serialize", refused.Message);
    }

    [Fact]
    public void Wire_serializer_should_refuse_to_deserialize_a_payload_when_it_names_an_unlisted_type()
    {
        var crafted = SerializePermissively(new UnlistedRecord("key"));

        var refused = Assert.Throws<WireTypeRefusedException>(() => DeserializeAsRemotingDoes(crafted, typeof(object)));

        Assert.Contains(typeof(UnlistedRecord).FullName!, refused.Message);
        Assert.Contains("deserialize", refused.Message);
    }

    [Fact]
    public void Wire_serializer_should_refuse_to_deserialize_a_payload_when_an_unlisted_type_hides_inside_an_allowed_message()
    {
        var crafted = SerializePermissively(new OpaqueParcel(new UnlistedRecord("key")));

        var refused = Assert.Throws<WireTypeRefusedException>(() => DeserializeAsRemotingDoes(crafted, typeof(OpaqueParcel)));

        Assert.Contains(typeof(UnlistedRecord).FullName!, refused.TypeName);
    }

    [Fact]
    public void Wire_serializer_should_refuse_to_deserialize_a_payload_when_it_names_an_unlisted_framework_collection()
    {
        var crafted = SerializePermissively(new OpaqueParcel(new Dictionary<string, int> { ["a"] = 1 }));

        var refused = Assert.Throws<WireTypeRefusedException>(() => DeserializeAsRemotingDoes(crafted, typeof(OpaqueParcel)));

        Assert.Contains("System.Collections.Generic.Dictionary", refused.TypeName);
    }

    [Fact]
    public void Wire_serializer_should_refuse_to_deserialize_a_payload_when_a_type_value_names_an_unlisted_type()
    {
        var crafted = SerializePermissively(new OpaqueParcel(typeof(UnlistedRecord)));

        var refused = Assert.Throws<WireTypeRefusedException>(() => DeserializeAsRemotingDoes(crafted, typeof(OpaqueParcel)));

        Assert.Contains(typeof(UnlistedRecord).FullName!, refused.TypeName);
    }

    [Fact]
    public void Wire_serializer_should_round_trip_an_opaque_payload_when_its_runtime_type_is_allowed()
    {
        var original = new OpaqueParcel(new WireAmount(42, "roko"));

        Assert.Equal(original, RoundTrip(original));
    }

    [Fact]
    public void Wire_settings_should_read_the_documented_defaults_when_loaded_from_roko_conf()
    {
        var settings = WireSettings.Create(RokoConfig.Defaults);

        Assert.Empty(settings.AllowTypes);
        Assert.Equal(["roko"], settings.ScanAssemblies.ToArray());
    }

    // What a hostile peer can do: the adapter without the allowlist writes any type it is handed.
    private byte[] SerializePermissively(object value) => new PermissiveWireSerializer((ExtendedActorSystem)Sys).ToBinary(value);

    [Fact]
    public void Wire_serializer_should_round_trip_the_block_sync_messages()
    {
        var request = new Roko.Actors.Sync.BlockSyncProtocol.GetBlockRange(7, 42, 64);
        Assert.IsType<HyperionWireSerializer>(Sys.Serialization.FindSerializerFor(request));
        Assert.Equal(request, RoundTrip(request));
        var range = Assert.IsType<Roko.Actors.Sync.BlockSyncProtocol.BlockRange>(
            RoundTrip(new Roko.Actors.Sync.BlockSyncProtocol.BlockRange(7, 42, [[1, 2, 3], [4]], Signer: [5, 6], Signature: [7])));
        Assert.Equal((7L, 42UL), (range.RequestId, range.From));
        Assert.Equal([[1, 2, 3], [4]], range.Blocks);
        Assert.Equal([5, 6], range.Signer);
        Assert.Equal([7], range.Signature);
    }
}
