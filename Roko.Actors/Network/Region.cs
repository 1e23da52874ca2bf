namespace Roko.Actors.Network;

/// <summary>A geographic region of the network; its text form is <c>na</c>, <c>eu</c> or <c>apac</c>.</summary>
public enum Region
{
    NorthAmerica,
    Europe,
    AsiaPacific,
}

public static class RegionText
{
    public static IReadOnlyList<Region> All { get; } = Enum.GetValues<Region>();

    public static string ToText(this Region region) => region switch
    {
        Region.NorthAmerica => "na",
        Region.Europe => "eu",
        Region.AsiaPacific => "apac",
        _ => throw new ArgumentOutOfRangeException(nameof(region), region, "not a known region"),
    };

    public static Region Parse(string text) =>
        TryParse(text, out var region)
            ? region
            : throw new FormatException($"Region '{text}' is not one of: na, eu, apac.");

    public static bool TryParse(string? text, out Region region)
    {
        switch (text)
        {
            case "na": region = Region.NorthAmerica; return true;
            case "eu": region = Region.Europe; return true;
            case "apac": region = Region.AsiaPacific; return true;
            default: region = default; return false;
        }
    }
}
