using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Roko.Actors.Crypto;
using Roko.Actors.Network;
using Roko.Actors.Tests.Support;
using Roko.Actors.Time.Wire;
using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.Time.Wire;

/// <summary>
/// #17: one address floods a real node's time-probe UDP port with probes while an honest prober on another address
/// measures how soon its probes are echoed, before and during the flood. The node's guard leaves the flooder's excess
/// unanswered (counted in /metrics); the honest prober keeps getting echoes and signed attestations.
/// </summary>
[Collection(GuardedNodeFixture.Collection)]
public sealed class TimeProbeFloodSpec(GuardedNodeFixture fixture, ITestOutputHelper output)
{
    private const int HonestProbes = 25;
    private const int FloodLimit = 6_000;
    private const int FloodBatch = 20;
    /// <summary>The honest prober sends ten probes a second: half the default share of 20/s.</summary>
    private static readonly TimeSpan HonestSpacing = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan BatchSpacing = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan FloodFor = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Flooding_address_should_go_unanswered_while_an_honest_prober_keeps_its_latency_and_signed_answers()
    {
        var node = fixture.Node.Node;
        var port = node.Services.TimeWire!.LocalEndPoint;
        var signer = node.Services.NodeKey.PublicKey;
        using var honest = LoopbackSource.UdpClient(LoopbackSource.Address(5));
        using var flooder = LoopbackSource.UdpClient(LoopbackSource.Address(4));
        double refusedBefore = await fixture.RefusedAsync(GuardPath.TimeProbe);

        var before = await ProbeAsync(honest, port, signer, () => HonestProbes);
        using var stop = new CancellationTokenSource();
        var echoes = CountEchoesAsync(flooder, stop.Token);
        var watch = Stopwatch.StartNew();
        var flood = FloodAsync(flooder, port, watch);
        var during = await ProbeAsync(honest, port, signer, () => flood.IsCompleted ? 0 : int.MaxValue);
        int sent = await flood;
        var floodTime = watch.Elapsed;
        await Task.Delay(AnswerTimeout); // answers still on their way reach the flooder's count
        await stop.CancelAsync();
        int answered = await echoes;
        double counted = await fixture.RefusedAsync(GuardPath.TimeProbe) - refusedBefore;

        var share = GuardedNodeFixture.DefaultLimit(GuardPath.TimeProbe);
        output.WriteLine($"GUARD FIGURES [time-probe]: honest echo before {before.Latencies}; during {during.Latencies}; attested and " +
                         $"verified {before.Attested}/{before.Latencies.Sent} before, {during.Attested}/{during.Latencies.Sent} during; flooder sent " +
                         $"{sent} probes in {floodTime.TotalSeconds:F1} s ({sent / floodTime.TotalSeconds:F0}/s), {answered} echoed; " +
                         $"/metrics counted {counted} refusals");
        Assert.True(during.Latencies.Answered.Count >= 10, $"the honest prober measured only {during.Latencies.Answered.Count} probes during the flood");
        Assert.True(during.Latencies.AnsweredShare >= 0.9, $"honest probes echoed {during.Latencies.AnsweredShare:P0} during the flood");
        Assert.True(during.Attested >= 0.9 * during.Latencies.Sent, $"honest probes attested {during.Attested}/{during.Latencies.Sent} during the flood");
        var bound = before.Latencies.FloodBound;
        Assert.True(during.Latencies.P99 < bound, $"honest p99 during the flood {during.Latencies.P99.TotalMilliseconds:F1} ms, bound {bound.TotalMilliseconds:F0} ms");
        // The flooder's share is its burst plus its rate over the time it had; every other probe goes unanswered.
        Assert.InRange(answered, 1, share.Burst + share.RatePerSecond * (floodTime.TotalSeconds + 1));
        Assert.True(counted >= (sent - answered) / 2.0, $"/metrics counted {counted} refusals on path time_probe for {sent - answered} unanswered probes");
    }

    private static async Task<(LatencyFigures Latencies, int Attested)> ProbeAsync(UdpClient client, IPEndPoint to, PublicKey signer, Func<int> more)
    {
        var answered = new List<TimeSpan>();
        int sent = 0, attested = 0;
        while (sent < more())
        {
            var pace = Task.Delay(HonestSpacing);
            var nonce = TimeDatagramFormat.RandomNonce();
            sent++;
            var watch = Stopwatch.StartNew();
            await client.SendAsync(TimeDatagramFormat.Encode(new TimeProbeDatagram(nonce)), to);
            if (await AwaitAsync<TimeEchoDatagram>(client, nonce) is not null)
            {
                answered.Add(watch.Elapsed);
                if (await AwaitAsync<TimeAttestation>(client, nonce) is { } attestation && attestation.Check(signer) is null) attested++;
            }
            await pace;
        }
        return (new LatencyFigures(sent, answered), attested);
    }

    /// <summary>The reply of type <typeparamref name="T"/> to the probe <paramref name="nonce"/>, or null when none comes in time.</summary>
    private static async Task<T?> AwaitAsync<T>(UdpClient client, UInt128 nonce) where T : TimeDatagram
    {
        using var timeout = new CancellationTokenSource(AnswerTimeout);
        try
        {
            while (true)
            {
                var received = await client.ReceiveAsync(timeout.Token);
                if (TimeDatagramFormat.TryDecode(received.Buffer, out var datagram, out _) && datagram is T reply && NonceOf(reply) == nonce) return reply;
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private static UInt128 NonceOf(TimeDatagram datagram) => datagram switch
    {
        TimeEchoDatagram echo => echo.Nonce,
        TimeAttestation attestation => attestation.Nonce,
        _ => 0,
    };

    /// <summary>Probes in batches of <see cref="FloodBatch"/> every <see cref="BatchSpacing"/> (about 2,000/s) for <see cref="FloodFor"/>, at most <see cref="FloodLimit"/>.</summary>
    private static async Task<int> FloodAsync(UdpClient client, IPEndPoint to, Stopwatch watch)
    {
        int sent = 0;
        while (watch.Elapsed < FloodFor && sent < FloodLimit)
        {
            for (int i = 0; i < FloodBatch; i++, sent++)
                await client.SendAsync(TimeDatagramFormat.Encode(new TimeProbeDatagram(TimeDatagramFormat.RandomNonce())), to);
            await Task.Delay(BatchSpacing);
        }
        return sent;
    }

    private static async Task<int> CountEchoesAsync(UdpClient client, CancellationToken stop)
    {
        int echoes = 0;
        try
        {
            while (true)
            {
                var received = await client.ReceiveAsync(stop);
                if (TimeDatagramFormat.TryDecode(received.Buffer, out var datagram, out _) && datagram is TimeEchoDatagram) echoes++;
            }
        }
        catch (OperationCanceledException)
        {
            return echoes;
        }
    }
}
