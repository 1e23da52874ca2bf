using Akka.Serialization;
using Roko.Actors.Nodes;
using Roko.Actors.Wire;
using Xunit;

namespace Roko.Actors.Tests.Wire;

/// <summary>Akka's JSON fallback (identifier 1, bound to System.Object) is replaced in a node: a type without a binding is refused both ways.</summary>
public sealed class UnboundTypeSerializerSpec() : Akka.TestKit.Xunit2.TestKit(RokoConfig.Defaults)
{
    [Fact]
    public void Serialization_should_refuse_to_write_a_type_without_a_binding_naming_it_when_Akka_would_fall_back_to_json()
    {
        var serializer = Sys.Serialization.FindSerializerFor(new UnboundRecord("secret"));
        Assert.IsType<UnboundTypeSerializer>(serializer);
        Assert.Equal(1, serializer.Identifier);

        var refused = Assert.Throws<WireTypeRefusedException>(() => serializer.ToBinary(new UnboundRecord("secret")));
        Assert.Equal(typeof(UnboundRecord).FullName, refused.TypeName);
        Assert.Contains("has no serializer binding", refused.Message);
        Assert.Contains("refusing to serialize it", refused.Message);
    }

    [Fact]
    public void Serialization_should_refuse_a_payload_under_the_json_identifier_when_it_names_any_type()
    {
        // What Akka's Newtonsoft serializer would have read from a peer: a JSON body and the type in the manifest.
        byte[] payload = "{\"$type\":\"System.IO.FileInfo, System.Private.CoreLib\",\"OriginalPath\":\"/etc/passwd\"}"u8.ToArray();
        const string manifest = "System.IO.FileInfo, System.Private.CoreLib";

        var refused = Assert.Throws<WireTypeRefusedException>(() => Sys.Serialization.Deserialize(payload, UnboundTypeSerializer.JsonSlotIdentifier, manifest));
        Assert.Equal(manifest, refused.TypeName);
        Assert.Contains("refusing to deserialize it", refused.Message);
    }

    [Fact]
    public void Serialization_should_keep_Akka_primitives_and_byte_arrays_on_their_own_serializers_when_json_is_refused()
    {
        Assert.IsNotType<UnboundTypeSerializer>(Sys.Serialization.FindSerializerFor(new byte[] { 1, 2 }));
        Assert.IsType<ByteArraySerializer>(Sys.Serialization.FindSerializerFor(new byte[] { 1, 2 }));
    }
}
