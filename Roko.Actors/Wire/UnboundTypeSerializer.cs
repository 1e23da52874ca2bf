using Akka.Actor;
using Akka.Serialization;

namespace Roko.Actors.Wire;

/// <summary>
/// Takes the place of Akka's JSON serializer (identifier 1, bound to <c>System.Object</c>): the serializer Akka falls back
/// to for every type without a binding of its own. Akka's Newtonsoft serializer would write any such type, and read any
/// type a peer names in the manifest, around the wire allowlist; this one refuses both ways. On write the error names the
/// type that lacks a binding (a missing <see cref="IWireMessage"/>, found at once rather than on a peer); on read, a
/// payload under identifier 1 is refused unread, before any type named in it (in its manifest or its JSON body) is loaded.
/// </summary>
public sealed class UnboundTypeSerializer : SerializerWithStringManifest
{
    public UnboundTypeSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    /// <summary>Called by Akka because its reference config has <c>serialization-settings.json</c> (Newtonsoft's options); nothing here reads them.</summary>
    public UnboundTypeSerializer(ExtendedActorSystem system, Akka.Configuration.Config jsonSettings)
        : base(system)
    {
    }

    /// <summary>Akka's identifier for its JSON serializer: the slot this serializer takes, so peers' id-1 payloads land here.</summary>
    public const int JsonSlotIdentifier = 1;

    public override int Identifier => JsonSlotIdentifier;

    public override byte[] ToBinary(object obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        throw WireTypeRefusedException.Unbound(obj.GetType().FullName ?? obj.GetType().Name, "serialize");
    }

    public override string Manifest(object o) => o.GetType().FullName ?? o.GetType().Name;

    /// <summary>Akka's JSON serializer writes no manifest (the type is inside its JSON body, which is never read here).</summary>
    public override object FromBinary(byte[] bytes, string manifest) =>
        throw WireTypeRefusedException.Unbound(string.IsNullOrEmpty(manifest) ? UnnamedType : manifest, "deserialize");

    /// <summary>The type name reported for a payload without a manifest.</summary>
    public const string UnnamedType = "(a type named only inside a JSON body)";
}
