using Akka.Configuration.Hocon;
using Roko.Actors.Configuration;
using Roko.Actors.Nodes;
using Roko.Actors.Tests.Support;
using Xunit;

namespace Roko.Actors.Tests.Configuration;

public class ConfigReferenceTests
{
    private static readonly string RokoConf = RokoConfig.EmbeddedText("roko.conf");

    [Fact]
    public void Configuration_reference_should_equal_the_one_generated_from_roko_conf()
    {
        string expected = ConfigReference.RenderMarkdown(ConfigReference.Parse(RokoConf));
        string actual = File.ReadAllText(RepositoryRoot.Combine("docs", "configuration.md"));
        Assert.True(expected == actual,
            "docs/configuration.md is out of step with hocon/roko.conf; regenerate it with " +
            "`dotnet run --project Roko.Actors -- config reference --out docs/configuration.md`");
    }

    [Fact]
    public void Reference_should_list_exactly_the_settings_hocon_reads_from_roko_conf()
    {
        var parsed = ConfigReference.Parse(RokoConf).Select(e => e.Path).ToHashSet();
        var hocon = new HashSet<string>();
        Flatten(RokoConfig.Embedded("roko.conf").GetConfig(ConfigReference.Root).Root, ConfigReference.Root, hocon);

        Assert.Empty(hocon.Except(parsed).Order());
        Assert.Empty(parsed.Except(hocon).Order());
    }

    [Fact]
    public void Every_setting_in_roko_conf_should_have_a_description()
    {
        var undocumented = ConfigReference.Parse(RokoConf).Where(e => e.Description.Length == 0).Select(e => e.Path);
        Assert.Empty(undocumented);
    }

    [Fact]
    public void Parse_should_take_the_comment_above_and_the_trailing_comment()
    {
        var entries = ConfigReference.Parse("""
            roko {
              a {
                # Above.
                x = 1 # trailing
                y = "q # not a comment" # y's
              }
            }
            """);

        Assert.Equal(new ConfigReferenceEntry("roko.a.x", "1", "Above. trailing"), entries[0]);
        Assert.Equal(new ConfigReferenceEntry("roko.a.y", "\"q # not a comment\"", "y's"), entries[1]);
    }

    [Fact]
    public void Parse_should_share_a_comment_over_a_group_of_lines_and_fall_back_to_the_section_comment()
    {
        var entries = ConfigReference.Parse("""
            roko {
              # Section comment.
              s {
                # Limits.
                min = 1
                max = 2

                other = 3
              }
            }
            """);

        Assert.Equal(["Limits.", "Limits.", "Section comment."], entries.Select(e => e.Description));
    }

    [Fact]
    public void Parse_should_read_a_list_spanning_lines_and_skip_sections_outside_roko()
    {
        var entries = ConfigReference.Parse("""
            akka {
              loglevel = INFO
            }
            roko.w {
              # Kinds.
              kinds = [
                "a", # first
                "b"
              ]
            }
            """);

        var entry = Assert.Single(entries);
        Assert.Equal("roko.w.kinds", entry.Path);
        Assert.Equal("[ \"a\", \"b\" ]", entry.Default);
    }

    [Theory]
    [InlineData("roko {\n  x = 1\n", "never closed")]
    [InlineData("}\n", "closes no section")]
    [InlineData("roko {\n  justaword\n}\n", "expected 'key = value'")]
    public void Parse_should_refuse_text_it_cannot_follow(string hocon, string reason)
    {
        var error = Assert.Throws<FormatException>(() => ConfigReference.Parse(hocon));
        Assert.Contains(reason, error.Message);
    }

    private static void Flatten(HoconValue value, string path, HashSet<string> into)
    {
        if (value.IsObject())
        {
            foreach (var (key, child) in value.GetObject().Items) Flatten(child, path + "." + key, into);
            return;
        }
        into.Add(path);
    }
}
