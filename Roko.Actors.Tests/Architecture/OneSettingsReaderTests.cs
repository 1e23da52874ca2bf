using System.Text.RegularExpressions;
using Roko.Actors.Tests.Support;
using Xunit;

namespace Roko.Actors.Tests.Architecture;

/// <summary>
/// Settings are read through one reader (Roko.Actors.Hardware/Configuration/SettingsReader.cs), which has no defaults
/// in code and names the full key of a missing or malformed value: no other product file reads HOCON values itself.
/// </summary>
public sealed partial class OneSettingsReaderTests
{
    private static readonly string[] ProductProjects = ["Roko.Actors", "Roko.Actors.Hardware"];
    private static readonly string Reader = Path.Combine("Roko.Actors.Hardware", "Configuration", "SettingsReader.cs");

    // Files that parse HOCON of their own making and read no setting, named one by one with the reason.
    private static readonly string[] ReadsNoSetting =
    [
        // Tells whether a command-line value parses as a HOCON value by reading it back from "v = <value>".
        Path.Combine("Roko.Actors", "Cli", "SettingOverride.cs"),
        // `roko config show` prints the composed roko tree as it is.
        Path.Combine("Roko.Actors", "Cli", "ConfigCommand.cs"),
    ];

    [GeneratedRegex(@"\.Get(String|Int|Long|Boolean|TimeSpan|Double|Decimal|Float|Config|StringList|IntList|LongList|ByteSize)\(")]
    private static partial Regex ConfigRead();

    [Fact]
    public void No_product_file_but_the_settings_reader_should_read_hocon_values_itself()
    {
        var root = RepositoryRoot.Path;
        var hoconFiles = ProductProjects
            .SelectMany(p => Directory.GetFiles(Path.Combine(root, p), "*.cs", SearchOption.AllDirectories))
            .Where(f => !IsBuildOutput(Path.GetRelativePath(root, f)))
            .Where(UsesHocon)
            .ToList();
        Assert.Contains(hoconFiles, f => Path.GetRelativePath(root, f) == Reader);
        Assert.True(hoconFiles.Count > 1, "no settings files found to check");

        var offenders = hoconFiles
            .Select(f => Path.GetRelativePath(root, f))
            .Where(f => f != Reader && !ReadsNoSetting.Contains(f))
            .SelectMany(f => File.ReadLines(Path.Combine(root, f)).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => ConfigRead().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();
        Assert.True(offenders.Count == 0, "read HOCON values through SettingsReader, not the Config API:\n" + string.Join("\n", offenders));
    }

    /// <summary>Whether a file handles an Akka <c>Config</c> at all (the only files whose <c>Get…(</c> calls could read one).</summary>
    private static bool UsesHocon(string file)
    {
        string text = File.ReadAllText(file);
        return text.Contains("using Akka.Configuration;", StringComparison.Ordinal)
               || text.Contains("Akka.Configuration.Config", StringComparison.Ordinal);
    }

    private static bool IsBuildOutput(string relative) =>
        relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj");
}
