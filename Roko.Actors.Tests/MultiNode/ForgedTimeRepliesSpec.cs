using Akka.Actor;
using Roko.Actors.Tests.Time.Wire;
using Xunit;
using Xunit.Abstractions;
using static Roko.Actors.Time.TimeSyncProtocol;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// A running validator's sampler probing time peers on real UDP sockets: three honest, one answering with attestations
/// signed by another key, one altering its signed stamps, one sending an empty signature, one sending echoes only.
/// Every bad reply is refused and counted in the node's metrics by reason (roko_time_replies_refused_total), the honest
/// ones are verified and counted (roko_time_attestations_verified_total), and only the honest ones are time sources.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class ForgedTimeRepliesSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);
    private readonly ValidatorNetwork _network = new(output);
    private readonly List<ScriptedTimePeer> _peers = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _network.DisposeAsync();
        foreach (var peer in _peers) peer.Dispose();
    }

    [Fact]
    public async Task Forged_altered_and_unsigned_time_replies_should_be_refused_and_counted_by_the_node()
    {
        await _network.StartAsync(1, hoconOf: _ => "roko.timesync { probe-interval = 250ms, probe-timeout = 200ms }\n");
        var node = _network.Nodes[0].Node;
        _peers.AddRange(
        [
            new ScriptedTimePeer("honest-1"), new ScriptedTimePeer("honest-2"), new ScriptedTimePeer("honest-3"),
            new ScriptedTimePeer("forger", reply: ScriptedReply.WrongKey),
            new ScriptedTimePeer("tamperer", reply: ScriptedReply.Tampered),
            new ScriptedTimePeer("unsigned", reply: ScriptedReply.ZeroSignature),
            new ScriptedTimePeer("silent", reply: ScriptedReply.EchoOnly),
        ]);
        var sampler = await node.System.ActorSelection("/user/node/timesync").ResolveOne(AskTimeout);
        sampler.Tell(new SetTimePeers([.. _peers.Select(p => p.Peer)]));

        string exposition = "";
        var took = await Eventually.AwaitAssertAsync(() =>
        {
            exposition = node.Services.Exposition.Render();
            Assert.Contains(exposition.Split('\n'), Counted("roko_time_replies_refused_total", "reason=\"wrong_signer\""));
            Assert.Contains(exposition.Split('\n'), Counted("roko_time_replies_refused_total", "reason=\"bad_signature\""));
            Assert.Contains(exposition.Split('\n'), Counted("roko_time_replies_refused_total", "reason=\"unsigned\""));
            Assert.Contains(exposition.Split('\n'), Counted("roko_time_attestations_verified_total", null));
        }, Generous);
        output.WriteLine($"all refusals counted after {took.TotalMilliseconds:F0} ms:");
        foreach (var line in exposition.Split('\n').Where(l => l.StartsWith("roko_time_", StringComparison.Ordinal))) output.WriteLine(line);

        await Eventually.AwaitAssertAsync(async () =>
        {
            var status = await sampler.Ask<TimeSyncStatus>(GetTimeSyncStatus.Instance, AskTimeout);
            Assert.Equal(7, status.TimePeers);
            Assert.Equal(3, status.Sources);
        }, Generous);
    }

    /// <summary>Matches an exposition line of <paramref name="metric"/> (with <paramref name="label"/> among its labels) whose value is at least 1.</summary>
    private static Predicate<string> Counted(string metric, string? label) => line =>
        line.StartsWith(metric, StringComparison.Ordinal) && (label is null || line.Contains(label, StringComparison.Ordinal))
        && double.TryParse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture, out double value) && value >= 1;
}
