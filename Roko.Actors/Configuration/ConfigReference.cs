using System.Collections.Immutable;
using System.Text;

namespace Roko.Actors.Configuration;

/// <summary>
/// Reads the settings and their comments out of the text of hocon/roko.conf, so the configuration reference in
/// docs/ is generated from the file that is the source of truth. A setting's description is the comment block
/// directly above it plus its trailing comment; a setting with neither shares the comment of the setting right
/// above it (no blank line between: one comment for a group of lines), or else takes its section's comment. Only paths under <see cref="Root"/> are reported; other sections
/// (akka) are walked for their braces and skipped. The layout handled is the one roko.conf uses: one setting per
/// line, sections opened by <c>name {</c> and closed by <c>}</c> on their own lines, lists that may span lines.
/// </summary>
public static class ConfigReference
{
    public const string Root = "roko";

    public static ImmutableArray<ConfigReferenceEntry> Parse(string hocon)
    {
        var entries = ImmutableArray.CreateBuilder<ConfigReferenceEntry>();
        var sections = new Stack<(string Name, string Comment)>();
        var comment = new List<string>();
        string group = "";
        var lines = hocon.Replace("\r\n", "\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0)
            {
                comment.Clear();
                group = "";
                continue;
            }
            if (line.StartsWith('#') || line.StartsWith("//", StringComparison.Ordinal))
            {
                comment.Add(line.TrimStart('#', '/').Trim());
                continue;
            }

            var (code, trailing) = SplitComment(line);
            if (code == "}")
            {
                if (sections.Count == 0) throw new FormatException($"line {i + 1}: '}}' closes no section");
                sections.Pop();
                comment.Clear();
                group = "";
                continue;
            }
            if (code.EndsWith('{'))
            {
                string name = code[..^1].TrimEnd().TrimEnd('=').TrimEnd();
                if (name.Length == 0) throw new FormatException($"line {i + 1}: a section needs a name");
                string inherited = sections.Count > 0 ? sections.Peek().Comment : "";
                sections.Push((Unquote(name), comment.Count > 0 ? string.Join(' ', comment) : inherited));
                comment.Clear();
                group = "";
                continue;
            }

            int eq = IndexOfSeparator(code);
            if (eq < 0) throw new FormatException($"line {i + 1}: expected 'key = value', '{{' or '}}' but found '{code}'");
            string key = Unquote(code[..eq].Trim());
            string value = code[(eq + 1)..].Trim();
            if (value.StartsWith('[') && !value.Contains(']'))
            {
                var list = new StringBuilder(value);
                while (++i < lines.Length)
                {
                    var (more, _) = SplitComment(lines[i].Trim());
                    if (more.Length > 0) list.Append(' ').Append(more);
                    if (more.Contains(']')) break;
                }
                if (i >= lines.Length) throw new FormatException($"the list of '{key}' is never closed");
                value = list.ToString();
            }

            string path = string.Join('.', sections.Reverse().Select(s => s.Name).Append(key));
            if (comment.Count > 0) group = string.Join(' ', comment);
            string description = string.Join(' ', new[] { comment.Count > 0 ? group : "", trailing }.Where(t => t.Length > 0));
            if (description.Length == 0) description = group;
            if (description.Length == 0 && sections.Count > 0) description = sections.Peek().Comment;
            if (path == Root || path.StartsWith(Root + ".", StringComparison.Ordinal))
                entries.Add(new ConfigReferenceEntry(path, value, description));
            comment.Clear();
        }
        if (sections.Count > 0) throw new FormatException($"section '{sections.Peek().Name}' is never closed");
        return entries.ToImmutable();
    }

    /// <summary>The reference as Markdown: one table per top-level section, in file order.</summary>
    public static string RenderMarkdown(IEnumerable<ConfigReferenceEntry> entries)
    {
        var text = new StringBuilder();
        text.Append("# Configuration reference\n\n");
        text.Append("Generated from `hocon/roko.conf` by `roko config reference --out docs/configuration.md`; a test fails when\n");
        text.Append("the two differ. Every key below has the default shown; an operator's `--config` file only sets what it changes.\n");
        text.Append("Durations take HOCON units (ms, s, m, h, d), sizes take KiB/MiB.\n");
        string? group = null;
        foreach (var entry in entries)
        {
            string section = SectionOf(entry.Path);
            if (section != group)
            {
                group = section;
                text.Append("\n## `").Append(section).Append("`\n\n| key | default | meaning |\n|---|---|---|\n");
            }
            text.Append("| `").Append(entry.Path[(section.Length + 1)..]).Append("` | `").Append(Cell(entry.Default))
                .Append("` | ").Append(Cell(entry.Description)).Append(" |\n");
        }
        return text.ToString();
    }

    private static string SectionOf(string path)
    {
        var parts = path.Split('.');
        return parts.Length > 2 ? parts[0] + "." + parts[1] : parts[0];
    }

    private static string Cell(string text) => text.Replace("|", "\\|");

    /// <summary>Splits off a trailing <c>#</c> comment that is not inside a quoted string.</summary>
    private static (string Code, string Comment) SplitComment(string line)
    {
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (c == '"' && (i == 0 || line[i - 1] != '\\')) quoted = !quoted;
            else if (!quoted && (c == '#' || (c == '/' && i + 1 < line.Length && line[i + 1] == '/')))
                return (line[..i].TrimEnd(), line[i..].TrimStart('#', '/').Trim());
        }
        return (line, "");
    }

    /// <summary>The first '=' or ':' outside quotes.</summary>
    private static int IndexOfSeparator(string code)
    {
        bool quoted = false;
        for (int i = 0; i < code.Length; i++)
        {
            char c = code[i];
            if (c == '"') quoted = !quoted;
            else if (!quoted && (c == '=' || c == ':')) return i;
        }
        return -1;
    }

    private static string Unquote(string key) =>
        key.Length >= 2 && key[0] == '"' && key[^1] == '"' ? key[1..^1] : key;
}
