namespace Roko.Actors.Tests.Support;

/// <summary>The checkout the tests run from: the folder holding Roko.Actors.sln, found by walking up from the test binaries.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Roko.Actors.sln"))) return dir.FullName;
        throw new InvalidOperationException("Roko.Actors.sln not found above " + AppContext.BaseDirectory);
    });

    public static string Path => Root.Value;

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);
}
