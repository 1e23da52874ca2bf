using Akka.Configuration;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Nodes;
using Roko.Actors.Persistence;
using Roko.Actors.Time;
using Xunit;

namespace Roko.Actors.Tests.Configuration;

public class SettingsReaderTests
{
    private const string SectionPath = "roko.sample.inner";

    private static readonly Config Sample = ConfigurationFactory.ParseString("""
        roko.sample.inner {
          count = 7, big = 9000000000, size = 64 KiB, ratio = 0.25, wait = 500ms, stamp = 1.5us, name = node-a
          flag = on, names = [a, b], status = free-running, nested { depth = 2 }
          bad-count = lots, bad-size = huge, bad-ratio = high, bad-wait = soon, bad-stamp = 5, bad-flag = sometimes
          bad-names = { a = 1 }, bad-status = atomic, object-text { a = 1 }
        }
        """);

    private static SettingsReader Inner() => SettingsReader.Section(Sample, SectionPath);

    /// <summary>Every typed read of the reader, by name.</summary>
    public static TheoryData<string> Reads => ["int", "long", "bytes", "double", "duration", "duration-nanos", "text", "bool", "text-list", "enum"];

    private static object Read(SettingsReader r, string read, string key) => read switch
    {
        "int" => r.Int(key, int.MinValue),
        "long" => r.Long(key, long.MinValue),
        "bytes" => r.Bytes(key, 0),
        "double" => r.Double(key, double.MinValue, double.MaxValue),
        "duration" => r.Duration(key, TimeSpan.MinValue, TimeSpan.MaxValue),
        "duration-nanos" => r.DurationNanos(key, long.MinValue),
        "text" => r.Text(key),
        "bool" => r.Bool(key),
        "text-list" => r.TextList(key),
        "enum" => r.Enum<ClockStatus>(key),
        _ => throw new ArgumentOutOfRangeException(nameof(read), read, null),
    };

    [Fact]
    public void Reader_should_read_each_kind_of_value()
    {
        var r = Inner();
        Assert.Equal(7, r.Int("count", 1, 10));
        Assert.Equal(9_000_000_000L, r.Long("big", 0));
        Assert.Equal(64 * 1024, r.Bytes("size", 1));
        Assert.Equal(0.25, r.Double("ratio", 0, 1));
        Assert.Equal(TimeSpan.FromMilliseconds(500), r.Duration("wait", TimeSpan.Zero, TimeSpan.FromSeconds(1)));
        Assert.Equal(1_500, r.DurationNanos("stamp"));
        Assert.Equal("node-a", r.Text("name"));
        Assert.True(r.Bool("flag"));
        Assert.Equal(["a", "b"], r.TextList("names"));
        Assert.Equal(ClockStatus.FreeRunning, r.Enum<ClockStatus>("status"));
        Assert.Equal(2, r.Child("nested").Int("depth", 0));
        Assert.True(r.Has("count"));
        Assert.False(r.Has("gone"));
    }

    [Theory]
    [MemberData(nameof(Reads))]
    public void A_missing_key_should_name_its_full_path(string read)
    {
        var error = Assert.Throws<InvalidSettingException>(() => Read(Inner(), read, "gone"));

        Assert.Equal($"{SectionPath}.gone", error.Key);
        Assert.Equal($"Setting '{SectionPath}.gone': is missing", error.Message);
    }

    [Theory]
    [InlineData("int", "bad-count")]
    [InlineData("long", "bad-count")]
    [InlineData("bytes", "bad-size")]
    [InlineData("double", "bad-ratio")]
    [InlineData("duration", "bad-wait")]
    [InlineData("duration-nanos", "bad-stamp")]
    [InlineData("text", "object-text")]
    [InlineData("bool", "bad-flag")]
    [InlineData("text-list", "bad-names")]
    [InlineData("enum", "bad-status")]
    public void A_malformed_key_should_name_its_full_path(string read, string key)
    {
        var error = Assert.Throws<InvalidSettingException>(() => Read(Inner(), read, key));

        Assert.Equal($"{SectionPath}.{key}", error.Key);
        Assert.StartsWith($"Setting '{SectionPath}.{key}': ", error.Message);
    }

    [Fact]
    public void A_value_out_of_its_range_should_name_its_full_path_and_the_range()
    {
        var r = Inner();

        var count = Assert.Throws<InvalidSettingException>(() => r.Int("count", 8, 10));
        var ratio = Assert.Throws<InvalidSettingException>(() => r.Double("ratio", 0.5, 1));
        var stamp = Assert.Throws<InvalidSettingException>(() => r.DurationNanos("stamp", max: 1_000));

        Assert.Equal($"Setting '{SectionPath}.count': must be between 8 and 10, got 7", count.Message);
        Assert.Equal($"{SectionPath}.ratio", ratio.Key);
        Assert.Contains("must be between 0.5 and 1", ratio.Message);
        Assert.Equal($"{SectionPath}.stamp", stamp.Key);
    }

    [Fact]
    public void A_missing_section_should_name_its_full_path()
    {
        var section = Assert.Throws<InvalidSettingException>(() => SettingsReader.Section(Sample, "roko.absent"));
        var child = Assert.Throws<InvalidSettingException>(() => Inner().Child("absent"));
        var empty = Assert.Throws<InvalidSettingException>(() => SettingsReader.Section(Config.Empty, "roko.absent"));

        Assert.Equal("roko.absent", section.Key);
        Assert.Equal($"{SectionPath}.absent", child.Key);
        Assert.Equal("roko.absent", empty.Key);
    }

    [Fact]
    public void A_settings_class_should_name_the_full_path_of_a_key_its_config_lacks()
    {
        // No fallback to hocon/roko.conf: a key it lacks is missing, with no default in code to hide it.
        var partial = ConfigurationFactory.ParseString("roko.chain { snapshot-every = 100, recent-blocks = 64 }");

        var error = Assert.Throws<InvalidSettingException>(() => ChainStoreSettings.Create(partial));

        Assert.Equal("roko.chain.snapshots-kept", error.Key);
        Assert.Equal(100, ChainStoreSettings.Create(partial.WithFallback(RokoConfig.Defaults)).SnapshotEvery);
        var timeSync = Assert.Throws<InvalidSettingException>(() => TimeSyncSettings.Create(ConfigurationFactory.ParseString("roko.timesync.min-sources = 3")));
        Assert.Equal("roko.timesync.card-check", timeSync.Key);
    }
}
