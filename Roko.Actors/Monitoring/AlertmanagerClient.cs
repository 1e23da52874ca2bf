using System.Text;

namespace Roko.Actors.Monitoring;

/// <summary>POSTs alerts to Alertmanager's <c>/api/v2/alerts</c>; any answer but 2xx, or no answer in time, throws.</summary>
public sealed class AlertmanagerClient(HttpClient http, Uri baseUrl, TimeSpan timeout)
{
    private const string JsonMediaType = "application/json";

    private readonly Uri _alertsUrl = new(WithTrailingSlash(baseUrl), AlertmanagerPayload.AlertsPath);

    public Uri AlertsUrl => _alertsUrl;

    public async Task PostAsync(IReadOnlyList<PostableAlert> alerts)
    {
        using var deadline = new CancellationTokenSource(timeout);
        using var content = new StringContent(AlertmanagerPayload.Serialize(alerts), Encoding.UTF8, JsonMediaType);
        using var response = await http.PostAsync(_alertsUrl, content, deadline.Token).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            string body = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
            throw new HttpRequestException($"Alertmanager at {_alertsUrl} answered {(int)response.StatusCode}: {body.Trim()}");
        }
    }

    private static Uri WithTrailingSlash(Uri url) =>
        url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
}
