using System.Diagnostics.Metrics;
using Roko.Actors.Monitoring;
using Xunit;

namespace Roko.Actors.Tests.Monitoring;

public sealed class PrometheusExpositionTests
{
    [Fact]
    public void Exposition_should_type_counters_gauges_and_histograms_by_instrument_kind()
    {
        using var metrics = new RokoMetrics("node-1");
        using var exposition = new PrometheusExposition(metrics.Meter);
        metrics.Populate();

        string text = exposition.Render();

        Assert.Contains("# TYPE roko_messages_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE roko_forks_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE roko_peers gauge\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE roko_time_drift_seconds gauge\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE roko_finality_time_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("# HELP roko_peers Peers this node is connected to.\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Exposition_should_count_only_measurements_made_after_it_started_listening()
    {
        using var metrics = new RokoMetrics("node-1");
        metrics.RecordBlockCommitted(1, TimeSpan.FromSeconds(1));
        using var exposition = new PrometheusExposition(metrics.Meter);
        metrics.RecordBlockCommitted(2, TimeSpan.FromSeconds(1));
        metrics.RecordBlockCommitted(3, TimeSpan.FromSeconds(1));

        Assert.Contains("roko_blocks_committed_total{node=\"node-1\"} 2\n", exposition.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void Exposition_should_export_the_fork_counts_at_zero_before_any_fork_and_the_fork_record_of_the_node()
    {
        using var metrics = new RokoMetrics("node-1");
        using var exposition = new PrometheusExposition(metrics.Meter);
        Assert.Contains("roko_forks_total{node=\"node-1\"} 0\n", exposition.Render(), StringComparison.Ordinal);
        Assert.Contains("roko_forks_unresolved{node=\"node-1\"} 0\n", exposition.Render(), StringComparison.Ordinal);

        metrics.SetForks(2, 1);

        Assert.Contains("roko_forks_total{node=\"node-1\"} 2\n", exposition.Render(), StringComparison.Ordinal);
        Assert.Contains("roko_forks_unresolved{node=\"node-1\"} 1\n", exposition.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void Exposition_should_sum_counters_per_label_set_and_label_every_series_with_the_node()
    {
        using var metrics = new RokoMetrics("node-1");
        using var exposition = new PrometheusExposition(metrics.Meter);
        metrics.RecordMessage(TrafficDirection.Inbound, 1_200);
        metrics.RecordMessage(TrafficDirection.Inbound, 800);
        metrics.RecordMessage(TrafficDirection.Outbound, 500);

        string text = exposition.Render();

        Assert.Contains("roko_messages_total{direction=\"in\",node=\"node-1\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("roko_messages_total{direction=\"out\",node=\"node-1\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("roko_bandwidth_bytes_total{direction=\"in\",node=\"node-1\"} 2000\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Exposition_should_count_ddos_guard_decisions_and_rejected_envelopes_by_reason()
    {
        using var metrics = new RokoMetrics("node-1");
        using var exposition = new PrometheusExposition(metrics.Meter);
        metrics.RecordRateLimited(Roko.Actors.Network.GuardPath.PeerSession);
        metrics.RecordRateLimited(Roko.Actors.Network.GuardPath.PeerSession);
        metrics.RecordRateLimited(Roko.Actors.Network.GuardPath.Http);
        metrics.RecordBlacklisting(Roko.Actors.Network.GuardPath.PeerSession);
        metrics.RecordEnvelopeRejected(Roko.Actors.Network.EnvelopeRejection.BadSignature);
        metrics.RecordEnvelopeRejected(Roko.Actors.Network.EnvelopeRejection.FromTheFuture);
        metrics.RecordEnvelopeRejected(Roko.Actors.Network.EnvelopeRejection.BadSignature);
        metrics.RecordHandshakeRefused(Roko.Actors.Network.HandshakeRefusal.CertificateKeyMismatch);

        string text = exposition.Render();

        Assert.Contains("roko_ddos_rate_limited_total{node=\"node-1\",path=\"peer_session\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("roko_ddos_rate_limited_total{node=\"node-1\",path=\"http\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("roko_ddos_blacklistings_total{node=\"node-1\",path=\"peer_session\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("roko_envelopes_rejected_total{node=\"node-1\",reason=\"bad_signature\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("roko_envelopes_rejected_total{node=\"node-1\",reason=\"from_the_future\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("roko_handshakes_refused_total{node=\"node-1\",reason=\"certificate_key_mismatch\"} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Exposition_should_render_cumulative_buckets_sum_and_count_for_histograms()
    {
        using var metrics = new RokoMetrics("n");
        using var exposition = new PrometheusExposition(metrics.Meter);
        metrics.RecordBlockCommitted(1, TimeSpan.FromMilliseconds(400));
        metrics.RecordBlockCommitted(2, TimeSpan.FromMilliseconds(1_500));
        metrics.RecordBlockCommitted(3, TimeSpan.FromSeconds(100));

        string text = exposition.Render();

        Assert.Contains("roko_block_time_seconds_bucket{node=\"n\",le=\"0.25\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("roko_block_time_seconds_bucket{node=\"n\",le=\"0.5\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("roko_block_time_seconds_bucket{node=\"n\",le=\"2\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("roko_block_time_seconds_bucket{node=\"n\",le=\"60\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("roko_block_time_seconds_bucket{node=\"n\",le=\"+Inf\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("roko_block_time_seconds_sum{node=\"n\"} 101.9\n", text, StringComparison.Ordinal);
        Assert.Contains("roko_block_time_seconds_count{node=\"n\"} 3\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Exposition_should_leave_a_gauge_without_samples_until_an_actor_sets_it()
    {
        using var metrics = new RokoMetrics("n");
        using var exposition = new PrometheusExposition(metrics.Meter);

        Assert.DoesNotContain("roko_peers{", exposition.Render(), StringComparison.Ordinal);
        metrics.SetPeerCount(3);
        Assert.Contains("roko_peers{node=\"n\"} 3\n", exposition.Render(), StringComparison.Ordinal);
        metrics.SetPeerCount(4);
        Assert.Contains("roko_peers{node=\"n\"} 4\n", exposition.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void Exposition_should_escape_label_values_and_help_text()
    {
        using var meter = new Meter(new MeterOptions("Roko") { Tags = [new("node", "a\"b\\c\nd")] });
        using var exposition = new PrometheusExposition(meter);
        meter.CreateCounter<long>("roko_escapes_total", null, "line one\nback\\slash \"quoted\"").Add(1);

        string text = exposition.Render();

        Assert.Contains("# HELP roko_escapes_total line one\\nback\\\\slash \"quoted\"\n", text, StringComparison.Ordinal);
        Assert.Contains("roko_escapes_total{node=\"a\\\"b\\\\c\\nd\"} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Exposition_should_order_families_and_series_the_same_way_whatever_the_recording_order()
    {
        using var first = new Meter("Roko");
        using var second = new Meter("Roko");
        using var firstExposition = new PrometheusExposition(first);
        using var secondExposition = new PrometheusExposition(second);
        var a = first.CreateCounter<long>("roko_b_total");
        var b = first.CreateCounter<long>("roko_a_total");
        var c = second.CreateCounter<long>("roko_a_total");
        var d = second.CreateCounter<long>("roko_b_total");

        a.Add(1, new KeyValuePair<string, object?>("x", "2"));
        a.Add(1, new KeyValuePair<string, object?>("x", "1"));
        b.Add(5);
        c.Add(5);
        d.Add(1, new KeyValuePair<string, object?>("x", "1"));
        d.Add(1, new KeyValuePair<string, object?>("x", "2"));

        string text = firstExposition.Render();
        Assert.Equal(text, secondExposition.Render());
        Assert.True(text.IndexOf("roko_a_total", StringComparison.Ordinal) < text.IndexOf("roko_b_total", StringComparison.Ordinal));
        Assert.True(text.IndexOf("x=\"1\"", StringComparison.Ordinal) < text.IndexOf("x=\"2\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Exposition_should_show_only_its_own_nodes_series_when_nodes_share_a_process()
    {
        using var one = new RokoMetrics("node-1");
        using var two = new RokoMetrics("node-2");
        using var exposition = new PrometheusExposition(one.Meter);
        one.SetPeerCount(1);
        two.SetPeerCount(2);
        two.SetForks(1, 1);

        string text = exposition.Render();

        Assert.Contains("roko_peers{node=\"node-1\"} 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("node-2", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Exposition_should_name_a_counter_total_and_sanitize_names_that_prometheus_would_refuse()
    {
        using var meter = new Meter("Roko");
        using var exposition = new PrometheusExposition(meter);
        meter.CreateCounter<int>("roko.requests").Add(2, new KeyValuePair<string, object?>("http.route", "/x"));

        Assert.Contains("roko_requests_total{http_route=\"/x\"} 2\n", exposition.Render(), StringComparison.Ordinal);
    }

    [PromtoolFact]
    public async Task Exposition_should_pass_promtool_check_metrics_without_complaints()
    {
        using var metrics = new RokoMetrics("node-1");
        using var exposition = new PrometheusExposition(metrics.Meter);
        metrics.Populate();
        string file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, exposition.Render());

            var (exitCode, output) = await HostTool.Promtool.RunWithInputAsync(file, "check", "metrics");

            Assert.True(exitCode == 0 && output.Trim().Length == 0,
                $"promtool check metrics exited {exitCode} and said:\n{output}\n--- exposition ---\n{await File.ReadAllTextAsync(file)}");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
