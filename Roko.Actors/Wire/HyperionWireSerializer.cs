using Akka.Actor;
using Akka.Configuration;
using Hyperion;
using Hyperion.Internal;
using AkkaSerializer = Akka.Serialization.Serializer;
using AkkaSerialization = Akka.Serialization.Serialization;
using HyperionSerializer = Hyperion.Serializer;

namespace Roko.Actors.Wire;

/// <summary>
/// Akka serializer for <see cref="IWireMessage"/>s between nodes: Hyperion restricted to <see cref="WireTypeAllowlist"/>.
/// Never used for anything hashed, signed or persisted — those use the canonical encoding.
/// </summary>
public sealed class HyperionWireSerializer : AkkaSerializer
{
    /// <summary>Written in every remote envelope: never change it once nodes have talked to each other.</summary>
    public const int SerializerIdentifier = 7701;

    private readonly HyperionSerializer _hyperion;

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
        : base(system)
    {
        Allowlist = WireTypeAllowlist.Create(
            settings.ResolveScanAssemblies(),
            settings.ResolveAllowTypes().Append(typeof(ActorRefSurrogate)));

        // The surrogate type stays out of knownTypes: Hyperion 0.12.2 then fails its casts on deserialisation.
        var actorRefSurrogate = Surrogate.Create<IActorRef, ActorRefSurrogate>(
            actorRef => new ActorRefSurrogate(AkkaSerialization.SerializedActorPath(actorRef)),
            surrogate => system.Provider.ResolveActorRef(surrogate.Path));

        _hyperion = new HyperionSerializer(new SerializerOptions(
            versionTolerance: false,
            preserveObjectReferences: false,
            surrogates: [actorRefSurrogate],
            serializerFactories: null,
            knownTypes: null,
            ignoreISerializable: true,
            packageNameOverrides: null,
            disallowUnsafeTypes: true,
            typeFilter: Allowlist));
    }

    public WireTypeAllowlist Allowlist { get; }

    public override int Identifier => SerializerIdentifier;

    /// <summary>Hyperion writes the type into the payload itself.</summary>
    public override bool IncludeManifest => false;

    public override byte[] ToBinary(object obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (!Allowlist.Allows(obj.GetType())) throw WireTypeRefusedException.OnSerialize(obj.GetType());

        using var stream = new MemoryStream();
        try
        {
            _hyperion.Serialize(obj, stream);
        }
        catch (EvilDeserializationException refused)
        {
            throw new WireTypeRefusedException(refused.BadTypeString, "serialize", refused);
        }
        return stream.ToArray();
    }

    public override object FromBinary(byte[] bytes, Type type)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        try
        {
            return _hyperion.Deserialize(stream);
        }
        catch (Exception e) when (FindRefusal(e) is { } refused)
        {
            throw WireTypeRefusedException.OnDeserialize(refused.BadTypeString, e);
        }
    }

    // Hyperion may raise the refusal from inside generated readers, wrapped once or more.
    private static EvilDeserializationException? FindRefusal(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is EvilDeserializationException refused) return refused;
        }
        return null;
    }
}
