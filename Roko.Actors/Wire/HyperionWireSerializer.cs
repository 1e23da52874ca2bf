using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using Hyperion.Internal;

namespace Roko.Actors.Wire;

/// <summary>
/// Akka serializer for <see cref="IWireMessage"/>s between nodes: Akka's own Hyperion adapter
/// (<see cref="HyperionSerializer"/>, Akka.Serialization.Hyperion) with <see cref="WireTypeAllowlist"/> as its type filter.
/// What it adds to the adapter (docs/wire.md says why each is needed): our identifier, the allowlist built from the
/// scanned messages, a check of the outgoing top-level type, and refusals reported as <see cref="WireTypeRefusedException"/>.
/// Never used for anything hashed, signed or persisted — those use the canonical encoding.
/// </summary>
public sealed class HyperionWireSerializer : HyperionSerializer
{
    /// <summary>Written in every remote envelope: never change it once nodes have talked to each other.</summary>
    public const int SerializerIdentifier = 7701;

    public HyperionWireSerializer(ExtendedActorSystem system)
        : this(system, WireSettings.Create(system.Settings.Config))
    {
    }

    /// <summary>
    /// Called by Akka when <c>akka.actor.serialization-settings.roko-wire</c> exists; this serializer is configured
    /// under <c>roko.wire</c> instead, so that block is not read.
    /// </summary>
    public HyperionWireSerializer(ExtendedActorSystem system, Config serializerSettings)
        : this(system, WireSettings.Create(system.Settings.Config))
    {
    }

    public HyperionWireSerializer(ExtendedActorSystem system, WireSettings settings)
        : this(system, CreateAllowlist(settings))
    {
    }

    private HyperionWireSerializer(ExtendedActorSystem system, WireTypeAllowlist allowlist)
        : base(system, AdapterSettings(allowlist))
    {
        Allowlist = allowlist;
    }

    public WireTypeAllowlist Allowlist { get; }

    public override int Identifier => SerializerIdentifier;

    /// <summary>Hyperion writes the type into the payload itself.</summary>
    public override bool IncludeManifest => false;

    /// <summary>
    /// The adapter's settings for the wire: the allowlist as type filter (consulted only with unsafe types
    /// disallowed), no field names in the payload, no reference tracking, no known types. IActorRef fields travel
    /// through the surrogate the adapter always adds for Akka's <c>ISurrogated</c> types.
    /// </summary>
    private static HyperionSerializerSettings AdapterSettings(WireTypeAllowlist allowlist) => new(
        preserveObjectReferences: false,
        versionTolerance: false,
        knownTypesProvider: null,
        packageNameOverrides: [],
        surrogates: [],
        disallowUnsafeType: true,
        typeFilter: allowlist);

    public override byte[] ToBinary(object obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (!Allowlist.Allows(obj.GetType())) throw WireTypeRefusedException.OnSerialize(obj.GetType());
        try
        {
            return base.ToBinary(obj);
        }
        catch (EvilDeserializationException refused)
        {
            throw new WireTypeRefusedException(refused.BadTypeString, "serialize", refused);
        }
    }

    public override object FromBinary(byte[] bytes, Type type)
    {
        try
        {
            return base.FromBinary(bytes, type);
        }
        catch (Exception e) when (FindRefusal(e) is { } refused)
        {
            throw WireTypeRefusedException.OnDeserialize(refused.BadTypeString, e);
        }
    }

    private static WireTypeAllowlist CreateAllowlist(WireSettings settings) =>
        WireTypeAllowlist.Create(settings.ResolveScanAssemblies(), settings.ResolveAllowTypes());

    // The adapter wraps every read failure in a SerializationException; Hyperion may raise the refusal from inside
    // generated readers, wrapped once or more.
    private static EvilDeserializationException? FindRefusal(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is EvilDeserializationException refused) return refused;
        }
        return null;
    }
}
