using Roko.Actors.Devnet;
using Spectre.Console;
using Spectre.Console.Rendering;
using Xunit;

namespace Roko.Actors.Tests.Devnet;

/// <summary>The live view is drawn from a snapshot alone: rendered here into a string, without a terminal.</summary>
public sealed class DevnetLiveViewTests
{
    private static DevnetSnapshot Snapshot(IReadOnlyList<DevnetAlertView>? alerts = null, int forks = 0) => new(
        ChainId: "roko-devnet", Elapsed: TimeSpan.FromSeconds(42), StartHeight: 10, FinalizedHeight: 37,
        FinalityP50Ms: 812.4, FinalityP99Ms: 1_930.6, TxPerSecond: 198.25, TxRateTarget: 200,
        TxSubmitted: 8_000, TxFinalized: 7_900, TxRejected: 3, TxPending: 97, Forks: forks, Wan: true,
        Nodes:
        [
            new DevnetNodeView("validator-0", "validator", "na", 38, 6, 1_000, new Uri("http://127.0.0.1:8642/")),
            new DevnetNodeView("validator-3", "validator", "na", 37, 5, 2_500_000, new Uri("http://127.0.0.1:8645/")),
            new DevnetNodeView("validator-5", "validator", "apac", null, null, null, null),
            new DevnetNodeView("archive-0", "archive", "na", 36, 6, 1_000, new Uri("http://127.0.0.1:8648/")),
        ],
        Alerts: alerts ?? [],
        DataDir: "/tmp/devnet-data", LogFile: "/tmp/devnet-data/devnet.log");

    private static string Draw(IRenderable renderable, int width = 200)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = width;
        console.Write(renderable);
        return output.ToString();
    }

    private static string Row(string text, string node) => text.Split('\n').Single(l => l.Contains(node + " "));

    [Fact]
    public void Live_view_should_show_height_finality_throughput_and_forks_of_the_network()
    {
        string text = Draw(DevnetLiveView.Render(Snapshot()));

        Assert.Contains("height 37 (+27)", text);
        Assert.Contains("finality p50 812 ms p99 1931 ms", text);
        Assert.Contains("tx/s 198.2 (load 200/s)", text);
        Assert.Contains("forks 0", text);
        Assert.Contains("WAN on", text);
        Assert.Contains("nodes: 3 validator, 1 archive", text);
        Assert.Contains("no active alerts", text);
        Assert.Contains("/tmp/devnet-data/devnet.log", text);
    }

    [Fact]
    public void Live_view_should_show_each_nodes_height_peers_clock_uncertainty_and_addresses()
    {
        string text = Draw(DevnetLiveView.Render(Snapshot()));

        var v3 = Row(text, "validator-3");
        Assert.Contains(" 37 ", v3);
        Assert.Contains(" 5 ", v3);
        Assert.Contains("2.5 ms", v3);
        Assert.Contains("http://127.0.0.1:8645/", v3);
        Assert.Contains("http://127.0.0.1:8645/dashboard", v3);
        Assert.Contains("1.0 µs", Row(text, "validator-0"));
        var archive = Row(text, "archive-0");
        Assert.Contains("archive", archive);
        Assert.Contains(" 36 ", archive);
        var silent = Row(text, "validator-5");
        Assert.Contains("unbounded", silent);
        Assert.Contains("?", silent);
        Assert.Contains("off", silent);
    }

    [Fact]
    public void Live_view_should_list_active_alerts_and_forks_when_there_are_some()
    {
        var alerts = new[] { new DevnetAlertView("validator-3", "excessive-time-drift", "critical", "firing", "Time drift [beyond] bound") };

        string text = Draw(DevnetLiveView.Render(Snapshot(alerts, forks: 2)));

        Assert.DoesNotContain("no active alerts", text);
        Assert.Contains("active alerts", text);
        var row = text.Split('\n').Single(l => l.Contains("excessive-time-drift"));
        Assert.Contains("critical", row);
        Assert.Contains("firing", row);
        Assert.Contains("Time drift [beyond] bound", row); // markup in a summary is shown, not interpreted
        Assert.Contains("forks 2", text);
    }

    [Fact]
    public void Live_view_should_draw_the_same_text_for_the_same_snapshot()
    {
        var snapshot = Snapshot();

        Assert.Equal(Draw(DevnetLiveView.Render(snapshot)), Draw(DevnetLiveView.Render(snapshot)));
    }

    [Theory]
    [InlineData(800L, "800 ns")]
    [InlineData(1_000L, "1.0 µs")]
    [InlineData(2_500_000L, "2.5 ms")]
    [InlineData(3_000_000_000L, "3.0 s")]
    public void Uncertainty_should_be_written_in_the_unit_that_fits(long nanos, string expected) =>
        Assert.Equal(expected, DevnetLiveView.Uncertainty(nanos));

    [Fact]
    public void Summary_table_should_list_every_node_with_its_height_and_the_networks_figures()
    {
        var summary = new DevnetSummary("roko-devnet",
            [
                new DevnetNodeSummary("validator-0", "validator", "na", "/d/validator-0", 40, new string('a', 64)),
                new DevnetNodeSummary("archive-0", "archive", "na", "/d/archive-0", 39, new string('b', 64)),
            ],
            10, 40, 30, 6_000, 5_900, 2, 98, 5_500, 5_490, new Dictionary<string, int> { ["Stale"] = 2 }, 820, 1_900, 196.7, 0, 1_010, 1.02, 30.5);

        string text = Draw(DevnetSummaryTable.Render(summary));

        Assert.Contains(" 39 ", Row(text, "archive-0"));
        Assert.Contains("aaaaaaaaaaaaaaaa", Row(text, "validator-0"));
        Assert.Contains("p50 820 ms, p99 1900 ms", text);
        Assert.Contains("196.7 tx/s", text);
        Assert.Contains("Stale 2", text);
    }

    [Fact]
    public void Summary_table_should_tell_refusals_at_submission_from_drops_after_acceptance()
    {
        var summary = new DevnetSummary("roko-devnet", [new DevnetNodeSummary("validator-0", "validator", "na", "/d/validator-0", 40, new string('a', 64))],
            10, 40, 30, 6_000, 5_900, 7, 93, 5_500, 5_490, new Dictionary<string, int> { ["Busy"] = 5, ["Stale"] = 2 }, 820, 1_900, 196.7, 0, 1_010,
            1.02, 30.5, Refused: new Dictionary<string, int> { ["Busy"] = 5 }, DroppedAfterAcceptance: new Dictionary<string, int> { ["Stale"] = 2 });

        string text = Draw(DevnetSummaryTable.Render(summary));

        Assert.Contains("Busy 5", Row(text, "refused at submission"));
        Assert.DoesNotContain("Stale", Row(text, "refused at submission"));
        Assert.Contains("Stale 2", Row(text, "dropped after acceptance"));
    }
}
