using System.Text.Json.Serialization;

namespace Roko.Actors.Propagation.Bench;

/// <summary>The JSON object <c>roko bench gossip --json</c> prints.</summary>
/// <param name="Coverage">Per message, the fraction of nodes whose application got it (the origin included), averaged.</param>
/// <param name="CoverageMin">The smallest such fraction over all messages.</param>
/// <param name="P50Ms">Median origination-to-delivery latency over all (message, node other than the origin) deliveries.</param>
/// <param name="DuplicatesPerDelivery">Envelopes received that were already seen, per delivery of a message received from the network.</param>
/// <param name="BytesPerNode">Frame bytes one node sent on average while the messages went out, as on the wire (envelopes with their
/// headers, batched, compressed where it paid; RTT tables and pings not counted).</param>
/// <param name="BytesPerNodePerMessage"><paramref name="BytesPerNode"/> divided by the number of messages.</param>
/// <param name="EnvelopesPerMessage">Envelopes all nodes together sent per message (N - 1 is the minimum for full coverage).</param>
/// <param name="ApplicationDuplicates">Deliveries to an application beyond the first: 0 when delivery is exactly-once.</param>
public sealed record GossipBenchSummary(
    [property: JsonPropertyName("strategy")] string Strategy,
    [property: JsonPropertyName("nodes")] int Nodes,
    [property: JsonPropertyName("messages")] int Messages,
    [property: JsonPropertyName("wan")] bool Wan,
    [property: JsonPropertyName("payload_bytes")] int PayloadBytes,
    [property: JsonPropertyName("coverage")] double Coverage,
    [property: JsonPropertyName("coverage_min")] double CoverageMin,
    [property: JsonPropertyName("p50_ms")] double P50Ms,
    [property: JsonPropertyName("p99_ms")] double P99Ms,
    [property: JsonPropertyName("max_ms")] double MaxMs,
    [property: JsonPropertyName("duplicates_per_delivery")] double DuplicatesPerDelivery,
    [property: JsonPropertyName("bytes_per_node")] long BytesPerNode,
    [property: JsonPropertyName("bytes_per_node_per_message")] double BytesPerNodePerMessage,
    [property: JsonPropertyName("envelopes_per_message")] double EnvelopesPerMessage,
    [property: JsonPropertyName("application_duplicates")] int ApplicationDuplicates,
    [property: JsonPropertyName("duration_s")] double DurationSeconds);

/// <summary>Counters of all the nodes' propagators, and the envelopes and frame bytes they sent during the run, added up.</summary>
public sealed record PropagationTotals(long Originated, long Delivered, long Duplicates, long EnvelopesSent, long WireBytesSent)
{
    public static PropagationTotals Zero { get; } = new(0, 0, 0, 0, 0);

    public PropagationTotals Plus(long originated, long delivered, long duplicates, long envelopesSent, long wireBytesSent) =>
        new(Originated + originated, Delivered + delivered, Duplicates + duplicates, EnvelopesSent + envelopesSent, WireBytesSent + wireBytesSent);
}

[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(GossipBenchSummary))]
internal sealed partial class GossipBenchJsonContext : JsonSerializerContext;
