using System.Collections.Immutable;
using Akka.Actor;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Wire;

/// <summary>
/// Types that may appear inside wire messages without implementing <see cref="IWireMessage"/> themselves.
/// Add a project-wide value type (Hash32, Address…) here; add a deployment-specific one in <c>roko.wire.allow-types</c>.
/// </summary>
public static class WireFieldTypes
{
    public static ImmutableArray<Type> Values { get; } =
    [
        typeof(bool), typeof(byte), typeof(sbyte), typeof(char),
        typeof(short), typeof(ushort), typeof(int), typeof(uint), typeof(long), typeof(ulong),
        typeof(Int128), typeof(UInt128), typeof(float), typeof(double), typeof(decimal),
        typeof(string), typeof(Guid), typeof(DateTime), typeof(DateTimeOffset), typeof(TimeSpan),
        typeof(NanoMoment), typeof(NanoInterval),
        // Travels as one of ActorRefSurrogates; listed so fields like ImmutableArray<IActorRef> are covered.
        typeof(IActorRef),
    ];

    /// <summary>
    /// What an <see cref="IActorRef"/> travels as: the surrogates Akka's Hyperion adapter writes for it (the serialized
    /// actor path, resolved again on the receiving node; <c>Nobody</c> as itself). They appear as type names in the payload.
    /// </summary>
    public static ImmutableArray<Type> ActorRefSurrogates { get; } =
    [
        typeof(ActorRefBase.Surrogate), typeof(Nobody.NobodySurrogate),
    ];

    /// <summary>Generic containers allowed with any allowed type arguments (arrays of allowed types are always allowed).</summary>
    public static ImmutableArray<Type> GenericContainers { get; } =
    [
        typeof(Nullable<>), typeof(ImmutableArray<>), typeof(ImmutableList<>),
    ];

    public static IEnumerable<Type> All => Values.Concat(ActorRefSurrogates).Concat(GenericContainers);
}
