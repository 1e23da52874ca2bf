using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using Hyperion;

namespace Roko.Actors.Wire;

/// <summary>
/// The types allowed on the wire, compared by name without assembly qualifiers at every generic nesting level
/// (Hyperion's own <c>TypeFilterBuilder</c> stores version-less names but checks assembly-qualified ones, so it
/// refuses everything). A name is allowed when it is listed exactly, when it is a one-dimensional array of an
/// allowed type, or when it instantiates an allowed generic container with allowed arguments only.
/// </summary>
public sealed class WireTypeAllowlist : ITypeFilter
{
    private readonly ImmutableHashSet<string> _exactNames;
    private readonly ImmutableHashSet<string> _genericContainers;
    private readonly ConcurrentDictionary<Type, bool> _verdicts = new();

    private WireTypeAllowlist(IEnumerable<Type> types, ImmutableArray<Type> messageTypes)
    {
        var distinct = types.Distinct().ToArray();
        _exactNames = distinct.Where(t => !t.IsGenericTypeDefinition)
            .Select(t => UnqualifiedTypeName.Of(t).ToString()).ToImmutableHashSet(StringComparer.Ordinal);
        _genericContainers = distinct.Where(t => t.IsGenericTypeDefinition)
            .Select(t => t.FullName!).ToImmutableHashSet(StringComparer.Ordinal);
        MessageTypes = messageTypes;
    }

    /// <summary>The concrete <see cref="IWireMessage"/> types found by the scan.</summary>
    public ImmutableArray<Type> MessageTypes { get; }

    /// <summary>
    /// Scans <paramref name="assemblies"/> for concrete <see cref="IWireMessage"/> types and allows them, the enums
    /// their fields use, <see cref="WireFieldTypes"/> and <paramref name="additionalTypes"/> (closed types or
    /// generic definitions). Throws when a message declares a field whose type is not covered.
    /// </summary>
    public static WireTypeAllowlist Create(IEnumerable<Assembly> assemblies, IEnumerable<Type> additionalTypes)
    {
        ImmutableArray<Type> messages =
        [
            ..assemblies.Distinct().SelectMany(LoadableTypes)
                .Where(t => typeof(IWireMessage).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false, ContainsGenericParameters: false })
                .OrderBy(t => t.FullName, StringComparer.Ordinal),
        ];
        var allowed = messages
            .Concat(WireFieldInspection.ReachableEnums(messages))
            .Concat(WireFieldTypes.All)
            .Concat(additionalTypes);
        var allowlist = new WireTypeAllowlist(allowed, messages);

        var uncovered = WireFieldInspection.UncoveredFields(messages, allowlist.Allows);
        if (uncovered.Length > 0)
        {
            throw new InvalidOperationException(
                "Wire messages declare fields whose types are not on the wire allowlist (implement IWireMessage, " +
                "add them to WireFieldTypes, or list them in roko.wire.allow-types): " + string.Join("; ", uncovered));
        }
        return allowlist;
    }

    /// <summary>Hyperion calls this with assembly-qualified names on write and short names on read.</summary>
    public bool IsAllowed(string typeName) => UnqualifiedTypeName.TryParse(typeName, out var name) && Allows(name);

    /// <summary>Cached per type: the serializer asks this for every outgoing message.</summary>
    public bool Allows(Type type) =>
        _verdicts.GetOrAdd(type, t => !t.ContainsGenericParameters && Allows(UnqualifiedTypeName.Of(t)));

    private bool Allows(UnqualifiedTypeName name)
    {
        if (_exactNames.Contains(name.ToString())) return true;
        if (name.Suffixes.Count > 0)
            return name.Suffixes[^1] == UnqualifiedTypeName.VectorSuffix && Allows(name.WithoutLastSuffix());
        return name.IsGeneric && _genericContainers.Contains(name.Name) && name.Arguments.All(Allows);
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException partial)
        {
            return partial.Types.OfType<Type>();
        }
    }
}
