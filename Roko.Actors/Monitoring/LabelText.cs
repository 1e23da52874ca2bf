using System.Text;

namespace Roko.Actors.Monitoring;

internal static class LabelText
{
    /// <summary><c>BadSignature</c> → <c>bad_signature</c>: enum names as Prometheus label values.</summary>
    public static string SnakeCase(string pascal)
    {
        var text = new StringBuilder(pascal.Length + 4);
        for (int i = 0; i < pascal.Length; i++)
        {
            char c = pascal[i];
            if (char.IsUpper(c) && i > 0)
                text.Append('_');
            text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString();
    }
}
