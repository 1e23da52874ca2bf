using Xunit;

namespace Roko.Actors.Tests.Time;

public class PureCoreTests
{
    [Fact]
    public void Pure_time_core_should_not_depend_on_Akka_or_the_wall_clock()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "Roko.Actors", "Time"))) dir = dir.Parent;
        Assert.NotNull(dir);
        var pure = Directory.GetFiles(Path.Combine(dir.FullName, "Roko.Actors", "Time"), "*.cs")
            .Where(f => !f.EndsWith("Actor.cs", StringComparison.Ordinal)
                        && !Path.GetFileName(f).StartsWith("TimeSyncSampler.", StringComparison.Ordinal) // the actor and its partial files
                        && !f.EndsWith("Protocol.cs", StringComparison.Ordinal)
                        && !f.EndsWith("Settings.cs", StringComparison.Ordinal))
            .ToArray();

        Assert.NotEmpty(pure);
        foreach (var file in pure)
        {
            var text = File.ReadAllText(file);
            Assert.False(text.Contains("using Akka", StringComparison.Ordinal), $"{file} uses Akka");
            Assert.False(text.Contains("DateTime.UtcNow", StringComparison.Ordinal), $"{file} reads the wall clock");
        }
    }
}
