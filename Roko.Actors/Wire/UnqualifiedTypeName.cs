using System.Diagnostics.CodeAnalysis;

namespace Roko.Actors.Wire;

/// <summary>
/// A type name with every assembly qualifier removed, at every generic nesting level:
/// <c>System.Collections.Generic.List`1[[Ns.Foo, Asm, Version=1.0.0.0]], System.Private.CoreLib</c> and
/// Hyperion's short form <c>System.Collections.Generic.List`1[[Ns.Foo, Asm]],%core%</c> both become
/// <c>System.Collections.Generic.List`1[[Ns.Foo]]</c>.
/// </summary>
/// <param name="Name">The name as <see cref="Type.FullName"/> of the generic definition or plain type spells it.</param>
/// <param name="Arguments">Generic arguments; empty for a non-generic name.</param>
/// <param name="Suffixes">Array, pointer and by-ref suffixes in order (<c>[]</c>, <c>[,]</c>, <c>*</c>, <c>&amp;</c>).</param>
public sealed record UnqualifiedTypeName(string Name, IReadOnlyList<UnqualifiedTypeName> Arguments, IReadOnlyList<string> Suffixes)
{
    public const string VectorSuffix = "[]";

    public bool IsGeneric => Arguments.Count > 0;

    /// <summary>The same name without its outermost suffix (the element type of an array).</summary>
    public UnqualifiedTypeName WithoutLastSuffix() => this with { Suffixes = Suffixes.Take(Suffixes.Count - 1).ToArray() };

    public override string ToString()
    {
        var arguments = IsGeneric ? "[" + string.Join(",", Arguments.Select(a => "[" + a + "]")) + "]" : "";
        return Name + arguments + string.Concat(Suffixes);
    }

    public static UnqualifiedTypeName Of(Type type) =>
        TryParse(type.AssemblyQualifiedName ?? type.FullName ?? type.Name, out var name)
            ? name
            : throw new ArgumentException($"Type '{type}' has a name that cannot be parsed.", nameof(type));

    /// <summary>Parses an assembly-qualified, partly qualified or plain type name; false when it is malformed.</summary>
    public static bool TryParse(string typeName, [NotNullWhen(true)] out UnqualifiedTypeName? name)
    {
        var reader = new TypeNameReader(typeName);
        name = reader.ReadType(NameContext.TopLevel) is { } parsed && reader.AtEnd ? parsed : null;
        return name is not null;
    }

    private enum NameContext
    {
        TopLevel,
        QualifiedArgument,
        PlainArgument,
    }

    private sealed class TypeNameReader(string text)
    {
        private int _position;

        public bool AtEnd => _position == text.Length;

        private char? Peek(int ahead = 0) => _position + ahead < text.Length ? text[_position + ahead] : null;

        public UnqualifiedTypeName? ReadType(NameContext context)
        {
            var name = ReadIdentifier();
            if (name.Length == 0) return null;

            var arguments = new List<UnqualifiedTypeName>();
            if (Peek() == '[' && Peek(1) == '[')
            {
                if (!ReadQualifiedArguments(arguments)) return null;
            }
            else if (Peek() == '[' && Peek(1) is { } first && IsIdentifierStart(first))
            {
                if (!ReadPlainArguments(arguments)) return null;
            }

            var suffixes = new List<string>();
            while (ReadSuffix() is { } suffix) suffixes.Add(suffix);

            SkipAssemblyQualifier(context);
            return new UnqualifiedTypeName(name, arguments, suffixes);
        }

        // [[Arg1, Asm],[Arg2, Asm]]
        private bool ReadQualifiedArguments(List<UnqualifiedTypeName> arguments)
        {
            _position++;
            while (Peek() == '[')
            {
                _position++;
                var argument = ReadType(NameContext.QualifiedArgument);
                if (argument is null || Peek() != ']') return false;
                _position++;
                arguments.Add(argument);
                if (Peek() == ',') _position++;
            }
            if (Peek() != ']') return false;
            _position++;
            return true;
        }

        // [Arg1,Arg2] — hand-written names without assemblies
        private bool ReadPlainArguments(List<UnqualifiedTypeName> arguments)
        {
            _position++;
            while (true)
            {
                var argument = ReadType(NameContext.PlainArgument);
                if (argument is null) return false;
                arguments.Add(argument);
                if (Peek() == ',') { _position++; continue; }
                if (Peek() != ']') return false;
                _position++;
                return true;
            }
        }

        private string? ReadSuffix()
        {
            switch (Peek())
            {
                case '*' or '&':
                    return text[_position++].ToString();
                case '[' when Peek(1) is ']' or ',' or '*':
                    var close = text.IndexOf(']', _position);
                    if (close < 0) return null;
                    var suffix = text[_position..(close + 1)];
                    _position = close + 1;
                    return suffix;
                default:
                    return null;
            }
        }

        // ", Asm, Version=…" or ",%core%": runs to the end, or to the closing bracket of a generic argument.
        private void SkipAssemblyQualifier(NameContext context)
        {
            if (Peek() != ',' || context == NameContext.PlainArgument) return;
            var end = context == NameContext.QualifiedArgument ? text.IndexOf(']', _position) : text.Length;
            _position = end < 0 ? text.Length : end;
        }

        private string ReadIdentifier()
        {
            var start = _position;
            while (Peek() is { } c && c is not ('[' or ']' or ',' or '*' or '&'))
            {
                if (c == '\\') _position++;
                _position++;
            }
            _position = Math.Min(_position, text.Length);
            return text[start.._position].Trim();
        }

        private static bool IsIdentifierStart(char c) => char.IsLetter(c) || c == '_';
    }
}
