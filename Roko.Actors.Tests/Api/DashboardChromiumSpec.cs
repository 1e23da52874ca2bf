using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Roko.Actors.Tests.Support;
using Xunit;
using static Roko.Actors.Tests.Api.ApiRequests;

namespace Roko.Actors.Tests.Api;

/// <summary>
/// The dashboard in a real headless Chromium against a running node: the page's script polls /dashboard/data and
/// renders it; the values it shows must be the API's. The screenshot is kept as a test artifact under
/// Roko.Actors.Tests/TestResults/dashboard/.
/// </summary>
public sealed partial class DashboardChromiumSpec(ApiNodeFixture fixture) : IClassFixture<ApiNodeFixture>
{
    private static readonly TimeSpan ScriptBudget = TimeSpan.FromSeconds(5);

    [ChromiumFact]
    public async Task Dashboard_should_render_the_nodes_live_values_in_headless_chromium()
    {
        var node = fixture.Node;
        await node.AwaitHeightAsync(2, TimeSpan.FromSeconds(30));
        ulong heightBefore = (await BodyAsync(await node.Client.GetAsync("health"))).GetProperty("height").GetUInt64();
        string screenshot = RepositoryRoot.Combine("Roko.Actors.Tests", "TestResults", "dashboard", "dashboard.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        File.Delete(screenshot);
        using var profile = new TempDirectory();

        string dom = await HeadlessChromium.RenderAsync(new Uri(node.Address, "dashboard"), screenshot, ScriptBudget, profile.Path);

        var data = await BodyAsync(await node.Client.GetAsync("dashboard/data"));
        ulong heightAfter = data.GetProperty("height").GetUInt64();
        Assert.Matches("<body[^>]*data-state=\"live\"", dom);
        Assert.True(int.Parse(Attribute(Body(dom), "data-samples"), CultureInfo.InvariantCulture) >= 2, "the page polled fewer than twice");
        Assert.Equal(data.GetProperty("node").GetString(), Metric(dom, "node").Text);
        ulong shownHeight = ulong.Parse(Metric(dom, "height").Value, CultureInfo.InvariantCulture);
        Assert.InRange(shownHeight, heightBefore, heightAfter);
        Assert.Equal(shownHeight.ToString(CultureInfo.InvariantCulture), Metric(dom, "height").Text);
        var temporal = data.GetProperty("temporal");
        Assert.Equal(temporal.GetProperty("uncertaintyNanos").GetInt64().ToString(CultureInfo.InvariantCulture), Metric(dom, "uncertainty").Value);
        Assert.Equal("10.0 ms", Metric(dom, "uncertainty").Text);
        var consensus = data.GetProperty("consensus");
        Assert.Equal(consensus.GetProperty("forkCount").GetDouble().ToString(CultureInfo.InvariantCulture), Metric(dom, "fork_count").Value);
        Assert.EndsWith(" s", Metric(dom, "block_time").Text.Replace(" ms", " s"));
        using var alerts = await node.Client.GetAsync("alerts");
        string banner = Attribute(Regex.Match(dom, "<div id=\"alert-banner\"[^>]*>").Value, "data-alerts");
        Assert.Equal(alerts.StatusCode == HttpStatusCode.OK
            ? (await BodyAsync(alerts)).GetProperty("alerts").GetArrayLength().ToString(CultureInfo.InvariantCulture)
            : "unavailable", banner);
        Assert.Equal(5, ChartPattern().Matches(dom).Count);
        Assert.Contains("<polyline", dom);

        var png = await File.ReadAllBytesAsync(screenshot);
        Assert.True(png.Length > 10_000, $"screenshot is only {png.Length} bytes");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }

    private static string Body(string dom) => Regex.Match(dom, "<body[^>]*>").Value;

    /// <summary>The element carrying data-metric="<paramref name="name"/>": its data-value and its text.</summary>
    private static (string Value, string Text) Metric(string dom, string name)
    {
        var match = Regex.Match(dom, $"<(\\w+)[^>]*data-metric=\"{name}\"[^>]*>([^<]*)</\\1>");
        Assert.True(match.Success, $"no element with data-metric=\"{name}\" in the rendered page");
        string tag = match.Value[..(match.Value.IndexOf('>') + 1)];
        return (tag.Contains("data-value=", StringComparison.Ordinal) ? Attribute(tag, "data-value") : "", WebUtility.HtmlDecode(match.Groups[2].Value));
    }

    private static string Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, $"{name}=\"([^\"]*)\"");
        Assert.True(match.Success, $"no {name} in {tag}");
        return match.Groups[1].Value;
    }

    [GeneratedRegex("<svg[^>]*data-chart=\"(height|finality|peers|drift|uncertainty)\"")]
    private static partial Regex ChartPattern();
}
