using System.Text.Json;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Monitoring;
using Xunit;

namespace Roko.Actors.Tests.Monitoring;

public sealed class AlertmanagerPayloadTests
{
    private static readonly AlertSource Source = new("node-2", "eu");
    private static readonly NanoMoment Began = NanoMoment.FromUnixSeconds(1_700_000_000, 123_456_789);
    private static readonly NanoMoment Fired = Began + TimeSpan.FromSeconds(5);
    private static readonly NanoMoment Ended = Began + TimeSpan.FromSeconds(65);

    private static AlertState Firing => new("excessive-time-drift", AlertPhase.Firing, 2.5e-6, Began, Fired, null);

    [Fact]
    public void Firing_alert_should_carry_labels_annotations_and_start_but_no_end()
    {
        var alert = AlertmanagerPayload.From(AlertRules.TimeDrift(), Firing, Source, new Uri("http://127.0.0.1:8080/alerts"))!;

        using var json = JsonDocument.Parse(AlertmanagerPayload.Serialize([alert]));
        var element = Assert.Single(json.RootElement.EnumerateArray());
        var labels = element.GetProperty("labels");
        Assert.Equal("excessive-time-drift", labels.GetProperty("alertname").GetString());
        Assert.Equal("critical", labels.GetProperty("severity").GetString());
        Assert.Equal("node-2", labels.GetProperty("node").GetString());
        Assert.Equal("eu", labels.GetProperty("region").GetString());
        Assert.Equal(4, labels.EnumerateObject().Count());
        var annotations = element.GetProperty("annotations");
        Assert.Equal("Excessive time drift", annotations.GetProperty("summary").GetString());
        Assert.Equal("time_drift 2.5 µs is above 1 µs on node node-2 (eu)", annotations.GetProperty("description").GetString());
        Assert.Equal("2023-11-14T22:13:20.123456789Z", element.GetProperty("startsAt").GetString());
        Assert.False(element.TryGetProperty("endsAt", out _));
        Assert.Equal("http://127.0.0.1:8080/alerts", element.GetProperty("generatorURL").GetString());
        Assert.Equal(["labels", "annotations", "startsAt", "generatorURL"], element.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Resolved_alert_should_end_when_it_resolved_and_say_where_the_value_is_now()
    {
        var resolved = Firing with { Phase = AlertPhase.Resolved, Value = 0.5e-6, ResolvedAt = Ended };

        var alert = AlertmanagerPayload.From(AlertRules.TimeDrift(), resolved, Source, generatorUrl: null)!;

        using var json = JsonDocument.Parse(AlertmanagerPayload.Serialize([alert]));
        var element = json.RootElement[0];
        Assert.Equal("2023-11-14T22:13:20.123456789Z", element.GetProperty("startsAt").GetString());
        Assert.Equal("2023-11-14T22:14:25.123456789Z", element.GetProperty("endsAt").GetString());
        Assert.False(element.TryGetProperty("generatorURL", out _));
        Assert.Equal("time_drift is back at 500 ns (resolve threshold 800 ns) on node node-2 (eu)",
            element.GetProperty("annotations").GetProperty("description").GetString());
    }

    [Theory]
    [InlineData(AlertPhase.Inactive)]
    [InlineData(AlertPhase.Pending)]
    public void Alert_that_is_not_firing_or_resolved_should_not_be_sent(AlertPhase phase)
    {
        Assert.Null(AlertmanagerPayload.From(AlertRules.TimeDrift(), Firing with { Phase = phase }, Source, null));
    }

    [Fact]
    public void Timestamp_should_be_rfc3339_utc_with_nanoseconds_even_before_the_epoch()
    {
        Assert.Equal("1969-12-31T23:59:59.999999999Z", AlertmanagerPayload.Timestamp(new NanoMoment(-1)));
        Assert.Equal("1970-01-01T00:00:00.000000000Z", AlertmanagerPayload.Timestamp(NanoMoment.UnixEpoch));
    }
}
