using System.Runtime.Serialization;

namespace Roko.Actors.Wire;

/// <summary>Thrown when a type that is not on the wire allowlist is about to be written or read.</summary>
public sealed class WireTypeRefusedException : SerializationException
{
    private const string Remedy =
        "implement IWireMessage, add it to WireFieldTypes, or list it in roko.wire.allow-types";

    public WireTypeRefusedException(string typeName, string direction, Exception? innerException = null)
        : this(typeName, $"Type '{typeName}' is not on the wire allowlist; refusing to {direction} it ({Remedy}).", innerException, true)
    {
    }

    private WireTypeRefusedException(string typeName, string message, Exception? innerException, bool _)
        : base(message, innerException)
    {
        TypeName = typeName;
    }

    public string TypeName { get; }

    public static WireTypeRefusedException OnSerialize(Type type) => new(type.FullName ?? type.Name, "serialize");

    /// <summary>A type with no serializer binding, which Akka would have handed to its JSON fallback (<see cref="UnboundTypeSerializer"/>).</summary>
    public static WireTypeRefusedException Unbound(string typeName, string direction) =>
        new(typeName, $"Type '{typeName}' has no serializer binding and Akka's JSON fallback is refused on this node; refusing to {direction} it ({Remedy}).", null, true);

    public static WireTypeRefusedException OnDeserialize(string typeName, Exception innerException) =>
        new(typeName, "deserialize", innerException);
}
