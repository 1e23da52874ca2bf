using System.Text;
using Akka.Actor;
using Roko.Actors.Monitoring;
using Roko.Actors.Network;
using Roko.Actors.Propagation;
using Xunit;
using Xunit.Abstractions;
using static Roko.Actors.Propagation.BlockPropagatorProtocol;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// Compression negotiated in the handshake, over real TCP: two nodes offer deflate and brotli, a third has compression off
/// and offers nothing. Blocks flooded among them reach everyone; frames between the first two are compressed, frames to
/// the third are plain, and the byte counters in /metrics show the difference.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class CompressedFramesSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Hocon = """
        roko.propagation { peer-refresh = 250ms, strategies.block = flood }
        """;
    private const int Blocks = 5;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    private readonly ClusterHarness _harness = new(output);

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _harness.DisposeAsync();

    [Fact]
    public async Task Frames_should_be_compressed_only_between_nodes_whose_handshakes_offered_the_codec()
    {
        using var naMetrics = new RokoMetrics("na-1");
        using var apacMetrics = new RokoMetrics("apac-1");
        using var naExposition = new PrometheusExposition(naMetrics.Meter);
        using var apacExposition = new PrometheusExposition(apacMetrics.Meter);
        var na = await _harness.StartAsync("na-1", Region.NorthAmerica, hocon: Hocon, withPropagator: true, metrics: naMetrics);
        var eu = await _harness.StartAsync("eu-1", Region.Europe, hocon: Hocon, withPropagator: true);
        var apac = await _harness.StartAsync("apac-1", Region.AsiaPacific, withPropagator: true, metrics: apacMetrics,
            hocon: Hocon + "\nroko.network.compression.enabled = off");
        await _harness.JoinAllAsync();
        await _harness.AwaitSessionsAsync(TimeSpan.FromSeconds(15));
        await Eventually.AwaitAssertAsync(async () =>
            Assert.Equal(2, (await na.PeerListAsync()).Count(p => p is { Active: true, RttSmoothedNanos: not null })), Generous);
        await Task.Delay(TimeSpan.FromSeconds(1)); // a few peer refreshes: the propagators see the active set

        var fromNa = await na.PeerListAsync();
        Assert.Equal(PayloadCodec.Deflate, fromNa.Single(p => p.Id == eu.PeerId).SendCodec);
        Assert.Equal(PayloadCodec.None, fromNa.Single(p => p.Id == apac.PeerId).SendCodec);
        Assert.All(await apac.PeerListAsync(), p => Assert.Equal(PayloadCodec.None, p.SendCodec));

        var sentBefore = naMetrics.Sent;
        var payloads = Enumerable.Range(0, Blocks).Select(BlockLike).ToList();
        foreach (var payload in payloads) na.Propagator.Tell(new Propagate(MessageKind.Block, payload));
        foreach (var node in new[] { eu, apac })
            await Eventually.AwaitAssertAsync(() =>
                Assert.All(payloads, p => Assert.Contains(node.Inbox.Received, r => r.Envelope.Payload.SequenceEqual(p))), Generous);

        var sent = naMetrics.Sent - sentBefore;
        output.WriteLine($"na-1 sent {sent.Envelopes} envelopes: {sent.WireBytes} bytes on the wire, {sent.UncompressedBytes} uncompressed");
        // Half of it went plain to apac-1; the compressed half brings the whole under three quarters.
        Assert.True(sent.WireBytes < sent.UncompressedBytes * 3 / 4, $"{sent.WireBytes} of {sent.UncompressedBytes}");

        var naText = naExposition.Render();
        var apacText = apacExposition.Render();
        output.WriteLine(string.Join('\n', naText.Split('\n').Where(l => l.StartsWith("roko_wire_frames_total", StringComparison.Ordinal)
                                                                          || l.StartsWith("roko_bandwidth", StringComparison.Ordinal))));
        // The blocks leave in batches (a frame per batch window), compressed to eu-1 and plain to apac-1.
        Assert.True(Counter(naText, "roko_wire_frames_total", "codec=\"deflate\"", "direction=\"out\"", "priority=\"block\"") >= 1);
        Assert.True(Counter(naText, "roko_wire_frames_total", "codec=\"none\"", "direction=\"out\"", "priority=\"block\"") >= 1);
        Assert.True(Counter(naText, "roko_bandwidth_uncompressed_bytes_total", "direction=\"out\"")
                    > Counter(naText, "roko_bandwidth_bytes_total", "direction=\"out\""));
        // apac-1 offered no codec: every frame it received was plain, and it has nothing compressed to count.
        Assert.Equal(0, Counter(apacText, "roko_wire_frames_total", "codec=\"deflate\""));
        Assert.True(Counter(apacText, "roko_wire_frames_total", "codec=\"none\"", "direction=\"in\"") >= 1);
        Assert.Equal(Counter(apacText, "roko_bandwidth_uncompressed_bytes_total", "direction=\"in\""),
            Counter(apacText, "roko_bandwidth_bytes_total", "direction=\"in\""));
    }

    /// <summary>An 8 KiB block-like payload: repeated transaction-shaped records with a few random bytes each.</summary>
    private static byte[] BlockLike(int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        while (text.Length < 8192)
            text.Append($"transfer from roko1qsender{random.Next(16):D2} to roko1qrecipient{random.Next(16):D2} amount {random.Next(1000)} nonce {random.Next()};");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The sum of a counter's samples whose labels contain every one of <paramref name="labels"/>.</summary>
    private static double Counter(string exposition, string name, params string[] labels) =>
        exposition.Split('\n')
            .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) && labels.All(label => l.Contains(label, StringComparison.Ordinal)))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
}
