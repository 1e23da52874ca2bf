using Akka.Configuration;
using Roko.Actors.Nodes;

namespace Roko.Actors.Cli;

/// <summary>
/// One <c>--set PATH=VALUE</c> of the command line: PATH is a HOCON path, VALUE is taken as a HOCON value when it
/// parses as one (numbers, durations, lists, quoted strings) and as a plain string otherwise.
/// </summary>
public static class SettingOverride
{
    /// <summary>Null when <paramref name="text"/> is a valid override, otherwise why not.</summary>
    public static string? Check(string text)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0) return "expected PATH=VALUE, e.g. roko.node.name=validator-3";
        string path = text[..eq].Trim();
        if (path.Length == 0 || path.Any(c => char.IsWhiteSpace(c) || c is '"' or '{' or '}' or '[' or ']' or '#'))
            return $"'{path}' is not a HOCON path";
        try
        {
            ConfigurationFactory.ParseString(ToHocon(text));
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return $"not a valid HOCON setting: {e.Message}";
        }
    }

    /// <summary>The override as one HOCON line.</summary>
    public static string ToHocon(string text)
    {
        int eq = text.IndexOf('=');
        string path = text[..eq].Trim();
        string value = text[(eq + 1)..].Trim();
        return $"{path} = {(ParsesAsValue(value) ? value : RokoConfig.Quote(value))}";
    }

    private static bool ParsesAsValue(string value)
    {
        if (value.Length == 0) return false;
        try
        {
            var parsed = ConfigurationFactory.ParseString("v = " + value);
            // Unquoted text such as a:b or a host name with dots parses as something else; keep it only if it reads back whole.
            return parsed.HasPath("v") && (parsed.GetValue("v").IsArray() || parsed.GetValue("v").IsObject()
                || parsed.GetString("v") == value || value.StartsWith('"'));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }
}
