namespace Roko.Actors.Devnet.Bench;

/// <summary>How to start another <c>roko</c> like the one running: the same roko.dll, under the same dotnet host.</summary>
public static class RokoExecutable
{
    private const string DotnetHost = "dotnet";

    /// <summary>
    /// The file to start and the arguments before roko's own: run as <c>dotnet roko.dll</c>, the same host and dll; run as
    /// the <c>roko</c> apphost, the apphost itself; run inside another host (a test runner), <c>dotnet</c> from PATH and roko.dll.
    /// </summary>
    public static (string FileName, IReadOnlyList<string> Prefix) Command()
    {
        string dll = typeof(RokoExecutable).Assembly.Location;
        if (dll.Length == 0) throw new InvalidOperationException("roko.dll has no path (a single-file build); cannot start a child roko");
        string? host = Environment.ProcessPath;
        string? hostName = host is null ? null : Path.GetFileNameWithoutExtension(host);
        if (host is not null && hostName == DotnetHost) return (host, [dll]);
        if (host is not null && hostName == Path.GetFileNameWithoutExtension(dll)) return (host, []);
        return (DotnetHost, [dll]);
    }
}
