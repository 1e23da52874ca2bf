using System.Text.RegularExpressions;

namespace Roko.Actors.Network.Tls;

/// <summary>
/// A node name in a certificate is its DNS name and its file name: lower-case letters, digits and hyphens in
/// dot-separated labels of at most 63 characters, starting and ending with a letter or digit.
/// </summary>
public static partial class NodeNames
{
    private const int MaxLength = 253;

    public static bool IsValid(string name) => name.Length <= MaxLength && Pattern().IsMatch(name);

    public static string Rule(string name) =>
        $"node name '{name}' must be a DNS name: lower-case letters, digits, '-' and '.', at most {MaxLength} characters";

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")]
    private static partial Regex Pattern();
}
