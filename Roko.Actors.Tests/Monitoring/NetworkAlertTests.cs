using Roko.Actors.Hardware.Time;
using Roko.Actors.Monitoring;
using Xunit;

namespace Roko.Actors.Tests.Monitoring;

public sealed class NetworkAlertTests
{
    private static readonly NanoMoment T0 = NanoMoment.FromUnixSeconds(1_700_000_000);
    private static readonly NetworkAlert Good = new("validator-3", "apac", "low-peer-count", "Low peer count", "high", SeedMetric.PeerCount, 1, T0, T0, null);

    [Fact]
    public void Validate_should_accept_a_firing_and_a_resolved_alert()
    {
        Assert.Null(Good.Validate());
        Assert.Null((Good with { ResolvedAt = T0 + TimeSpan.FromSeconds(5), Value = null, Summary = "" }).Validate());
    }

    [Theory]
    [InlineData("node")]
    [InlineData("region")]
    [InlineData("alert")]
    [InlineData("metric")]
    [InlineData("severity")]
    public void Validate_should_name_the_field_when_a_required_text_is_missing(string field)
    {
        var alert = field switch
        {
            "node" => Good with { Node = null! },
            "region" => Good with { Region = "" },
            "alert" => Good with { Alert = " " },
            "metric" => Good with { Metric = "" },
            _ => Good with { Severity = null! },
        };
        Assert.StartsWith(field + ":", alert.Validate());
    }

    [Fact]
    public void Validate_should_refuse_oversized_texts_an_unknown_severity_a_non_finite_value_and_a_resolution_before_firing()
    {
        Assert.StartsWith("node:", (Good with { Node = new string('n', NetworkAlert.MaxNameLength + 1) }).Validate());
        Assert.StartsWith("summary:", (Good with { Summary = new string('s', NetworkAlert.MaxTextLength + 1) }).Validate());
        Assert.StartsWith("severity:", (Good with { Severity = "apocalyptic" }).Validate());
        Assert.StartsWith("value:", (Good with { Value = double.NaN }).Validate());
        Assert.StartsWith("resolved_at:", (Good with { ResolvedAt = T0 - TimeSpan.FromSeconds(1) }).Validate());
    }
}
