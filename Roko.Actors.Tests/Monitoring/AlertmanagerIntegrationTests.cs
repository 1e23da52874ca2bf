using System.Text.Json;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Monitoring;
using Xunit;

namespace Roko.Actors.Tests.Monitoring;

public sealed class AlertmanagerIntegrationTests
{
    private static readonly AlertSource Source = new("node-1", "eu");

    [AlertmanagerFact]
    public async Task Real_alertmanager_should_show_a_posted_firing_alert_and_drop_it_once_resolved()
    {
        using var http = new HttpClient();
        await using var alertmanager = await AlertmanagerProcess.StartAsync(http);
        var client = new AlertmanagerClient(http, alertmanager.BaseUrl, TimeSpan.FromSeconds(10));
        var rule = AlertRules.TimeDrift();
        var began = NanoMoment.FromDateTime(DateTime.UtcNow);
        var firing = new AlertState(rule.Name, AlertPhase.Firing, 2e-6, began, began, null);

        await client.PostAsync([AlertmanagerPayload.From(rule, firing, Source, new Uri("http://127.0.0.1:8080/alerts"))!]);

        var shown = Assert.Single(await ListAlertsAsync(http, alertmanager.BaseUrl));
        var labels = shown.GetProperty("labels");
        Assert.Equal("excessive-time-drift", labels.GetProperty("alertname").GetString());
        Assert.Equal("critical", labels.GetProperty("severity").GetString());
        Assert.Equal("node-1", labels.GetProperty("node").GetString());
        Assert.Equal("eu", labels.GetProperty("region").GetString());
        Assert.Equal("active", shown.GetProperty("status").GetProperty("state").GetString());
        Assert.Equal("Excessive time drift", shown.GetProperty("annotations").GetProperty("summary").GetString());

        var resolved = firing with { Phase = AlertPhase.Resolved, Value = 1e-7, ResolvedAt = NanoMoment.FromDateTime(DateTime.UtcNow) };
        await client.PostAsync([AlertmanagerPayload.From(rule, resolved, Source, null)!]);

        Assert.Empty(await ListAlertsAsync(http, alertmanager.BaseUrl));
    }

    private static async Task<List<JsonElement>> ListAlertsAsync(HttpClient http, Uri baseUrl)
    {
        string body = await http.GetStringAsync(new Uri(baseUrl, AlertmanagerPayload.AlertsPath));
        using var json = JsonDocument.Parse(body);
        return [.. json.RootElement.EnumerateArray().Select(e => e.Clone())];
    }
}
