using System.Collections.Immutable;
using System.Reflection;

namespace Roko.Actors.Wire;

/// <summary>
/// Walks the declared fields of wire messages: finds the enums they use (allowed implicitly: enums carry no
/// behaviour) and the field types the allowlist does not cover, so a bad message fails at start-up, not on a peer.
/// Fields typed <c>object</c>, an interface or an abstract class are checked only at run time, by the type filter.
/// </summary>
internal static class WireFieldInspection
{
    private const BindingFlags DeclaredInstanceFields =
        BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    public static ImmutableHashSet<Type> ReachableEnums(IEnumerable<Type> messageTypes) =>
        messageTypes.SelectMany(FieldsOf).SelectMany(f => Constituents(f.FieldType)).Where(t => t.IsEnum).ToImmutableHashSet();

    /// <returns>One line per uncovered field: <c>Message.Field: Type</c>.</returns>
    public static ImmutableArray<string> UncoveredFields(IEnumerable<Type> messageTypes, Func<Type, bool> isAllowed) =>
        [
            ..from message in messageTypes
              from field in FieldsOf(message)
              where IsCheckedStatically(field.FieldType) && !isAllowed(field.FieldType)
              select $"{message.FullName}.{MemberName(field)}: {field.FieldType}",
        ];

    private static bool IsCheckedStatically(Type type) =>
        type != typeof(object) && !type.IsInterface && !type.IsAbstract;

    // A record's "<Peers>k__BackingField" is reported as "Peers".
    private static string MemberName(FieldInfo field) =>
        field.Name.StartsWith('<') && field.Name.IndexOf('>') is var end and > 0 ? field.Name[1..end] : field.Name;

    private static IEnumerable<FieldInfo> FieldsOf(Type type)
    {
        for (var current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            foreach (var field in current.GetFields(DeclaredInstanceFields))
                yield return field;
        }
    }

    // The type itself, its array element types and its generic arguments, recursively.
    private static IEnumerable<Type> Constituents(Type type)
    {
        yield return type;
        var parts = type.HasElementType ? [type.GetElementType()!] : type.IsGenericType ? type.GetGenericArguments() : [];
        foreach (var inner in parts.SelectMany(Constituents))
            yield return inner;
    }
}
