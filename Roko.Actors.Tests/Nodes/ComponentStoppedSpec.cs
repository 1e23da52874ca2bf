using System.Collections.Concurrent;
using System.Net;
using Akka.Actor;
using Akka.Event;
using Roko.Actors.Api;
using Roko.Actors.Monitoring;
using Roko.Actors.Tests.Api;
using Roko.Actors.Tests.MultiNode;
using Xunit;
using Xunit.Abstractions;
using static Roko.Actors.Monitoring.AlertingProtocol;
using static Roko.Actors.Tests.Api.ApiRequests;

namespace Roko.Actors.Tests.Nodes;

/// <summary>
/// Issue #14's must-show: a child of /user/node that fails more often than roko.supervision allows stays stopped, and
/// the node says so instead of claiming to be ready — GET /health not ready with its name (ready and height still there),
/// the component-stopped alert firing, stopped_components at 1, and an error line naming it.
/// </summary>
public sealed class ComponentStoppedSpec(ITestOutputHelper output)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Node_should_turn_not_ready_name_the_component_alert_and_log_when_a_child_exhausts_its_restarts()
    {
        await using var node = await ApiNode.StartAsync("""
            roko.supervision.max-restarts = 1
            roko.alerting.evaluation-interval = 200ms
            """);
        await node.AwaitHeightAsync(1, Generous);
        var errors = new ConcurrentQueue<string>();
        var recorder = node.Node.System.ActorOf(Props.Create(() => new ErrorRecorder(errors)), "error-recorder");
        node.Node.System.EventStream.Subscribe(recorder, typeof(Error)); // now, before the kills
        using (var before = await node.Client.GetAsync("health")) Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        // Two failures where one restart is allowed: the first is restarted, the second stops it for good.
        var propagator = node.Node.System.ActorSelection("/user/node/propagator");
        propagator.Tell(Kill.Instance);
        propagator.Tell(Kill.Instance);

        var tookHealth = await Eventually.AwaitAssertAsync(async () =>
        {
            using var response = await node.Client.GetAsync("health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var body = await BodyAsync(response);
            Assert.False(body.GetProperty("ready").GetBoolean());
            Assert.True(body.GetProperty("height").GetUInt64() >= 1);
            Assert.Equal(["propagator"], body.GetProperty("stopped").EnumerateArray().Select(e => e.GetString()!).ToArray());
        }, Generous);
        output.WriteLine($"GET /health turned not ready, naming the propagator, {tookHealth.TotalMilliseconds:F0} ms after the kills");

        var alerting = node.Node.System.ActorSelection(NodeApi.AlertingPath);
        await Eventually.AwaitAssertAsync(async () =>
        {
            var alerts = await alerting.Ask<CurrentAlerts>(GetActiveAlerts.Instance, AskTimeout);
            var stopped = Assert.Single(alerts.Alerts, a => a.Rule.Name == "component-stopped");
            Assert.Equal(AlertPhase.Firing, stopped.State.Phase);
            Assert.Equal(1, stopped.State.Value);
        }, Generous);
        Assert.Contains("roko_stopped_components{node=\"validator-0\"} 1", await node.Client.GetStringAsync("metrics"));
        string line = await FirstAsync(errors, e => e.Contains("COMPONENT STOPPED", StringComparison.Ordinal));
        output.WriteLine(line);
        Assert.Contains("/user/node/propagator", line);
        Assert.Contains("exhausted its restarts", line);
        Assert.Contains("ActorKilledException", line);

        // Transactions are refused while not ready; the chain stays readable.
        using (var submit = await node.Client.PostAsync("txs", Json(Transfer(node))))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, submit.StatusCode);
        using (var head = await node.Client.GetAsync("blocks/head")) Assert.Equal(HttpStatusCode.OK, head.StatusCode);
    }

    private static async Task<string> FirstAsync(ConcurrentQueue<string> lines, Func<string, bool> match)
    {
        string? found = null;
        await Eventually.AwaitAssertAsync(() => Assert.NotNull(found = lines.FirstOrDefault(match)), Generous);
        return found!;
    }

    /// <summary>Keeps the text of every error-level log event it is sent.</summary>
    private sealed class ErrorRecorder : ReceiveActor
    {
        public ErrorRecorder(ConcurrentQueue<string> errors) => Receive<Error>(e => errors.Enqueue(e.Message?.ToString() ?? ""));
    }
}
