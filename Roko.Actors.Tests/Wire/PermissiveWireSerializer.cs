using Akka.Actor;
using Akka.Serialization;
using Roko.Actors.Wire;

namespace Roko.Actors.Tests.Wire;

/// <summary>
/// What a hostile peer can run: Akka's Hyperion adapter under the wire serializer's identifier, with no type filter,
/// writing whatever type it is handed in the format the wire serializer reads.
/// </summary>
public sealed class PermissiveWireSerializer(ExtendedActorSystem system) : HyperionSerializer(system, new HyperionSerializerSettings(
    preserveObjectReferences: false,
    versionTolerance: false,
    knownTypesProvider: null,
    packageNameOverrides: [],
    surrogates: [],
    disallowUnsafeType: false,
    typeFilter: Hyperion.DisabledTypeFilter.Instance))
{
    public override int Identifier => HyperionWireSerializer.SerializerIdentifier;
}
