using System.Text;

namespace Roko.Actors.Monitoring;

/// <summary>
/// The labels of one series, sorted by name, and their rendering inside braces. Two measurements with the same
/// labels in any order belong to the same series.
/// </summary>
internal sealed class LabelSet
{
    private LabelSet(IReadOnlyList<KeyValuePair<string, string>> labels)
    {
        Labels = labels;
        Rendered = string.Join(',', labels.Select(l => $"{l.Key}=\"{PrometheusText.LabelValue(l.Value)}\""));
    }

    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; }

    /// <summary><c>a="1",b="2"</c>, without braces; also the series' identity and sort key.</summary>
    public string Rendered { get; }

    public static LabelSet From(IEnumerable<KeyValuePair<string, object?>> constant, ReadOnlySpan<KeyValuePair<string, object?>> measured)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in constant)
            labels[PrometheusText.LabelName(tag.Key)] = Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
        foreach (var tag in measured)
            labels[PrometheusText.LabelName(tag.Key)] = Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
        return new LabelSet([.. labels]);
    }

    /// <summary><c>{a="1",extra="x"}</c>, or nothing when there are no labels at all.</summary>
    public string Braced(string? extraName = null, string? extraValue = null)
    {
        var text = new StringBuilder(Rendered);
        if (extraName is not null)
        {
            if (text.Length > 0)
                text.Append(',');
            text.Append(extraName).Append("=\"").Append(PrometheusText.LabelValue(extraValue ?? "")).Append('"');
        }
        return text.Length == 0 ? "" : "{" + text + "}";
    }
}
