namespace Roko.Actors.Ledger;

/// <summary>The regions a validator can declare in genesis or a stake transaction.</summary>
public static class ValidatorRegions
{
    public const int MaxBytes = 16;
    public static readonly IReadOnlyList<string> Known = ["na", "eu", "apac"];

    public static bool IsKnown(string region) => Known.Contains(region);
    public static string Describe() => string.Join(", ", Known);
}
