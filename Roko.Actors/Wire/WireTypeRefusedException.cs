using System.Runtime.Serialization;

namespace Roko.Actors.Wire;

/// <summary>Thrown when a type that is not on the wire allowlist is about to be written or read.</summary>
public sealed class WireTypeRefusedException : SerializationException
{
    private const string Remedy =
        "implement IWireMessage, add it to WireFieldTypes, or list it in roko.wire.allow-types";

    public WireTypeRefusedException(string typeName, string direction, Exception? innerException = null)
        : base($"Type '{typeName}' is not on the wire allowlist; refusing to {direction} it ({Remedy}).", innerException)
    {
        TypeName = typeName;
    }

    public string TypeName { get; }

    public static WireTypeRefusedException OnSerialize(Type type) => new(type.FullName ?? type.Name, "serialize");

    public static WireTypeRefusedException OnDeserialize(string typeName, Exception innerException) =>
        new(typeName, "deserialize", innerException);
}
