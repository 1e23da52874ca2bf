using Roko.Actors.Cli;
using Roko.Actors.Tests.Support;
using Xunit;

namespace Roko.Actors.Tests.Api;

/// <summary>`roko tx send` and `roko status` (real roko processes) against a running in-process node's HTTP API.</summary>
public sealed class ApiCommandsSpec(ApiNodeFixture fixture) : IClassFixture<ApiNodeFixture>
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);
    private const string Recipient = "roko00000000000000000000000000000000000000bb";
    // Nothing listens on port 1 of the loopback interface.
    private const string Nowhere = "http://127.0.0.1:1";

    private string NodeUrl => fixture.Node.Address.ToString();

    [Fact]
    public async Task Tx_send_should_print_the_id_and_wait_until_the_transfer_is_finalized()
    {
        var (exit, stdout, stderr) = await RokoProcess.RunAsync(Generous, "tx", "send", "--node", NodeUrl, "--key", fixture.Node.AccountKeyPath(0),
            "--to", Recipient, "--amount", "2.5 ROKO", "--wait", "60s");

        Assert.True(exit == ExitCodes.Success, stderr);
        string id = stdout.Trim();
        Assert.Matches("^[0-9a-f]{64}$", id);
        Assert.Contains($"{id} finalized at height", stderr);
        var status = await ApiRequests.BodyAsync(await fixture.Node.Client.GetAsync($"txs/{id}"));
        Assert.Equal("finalized", status.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Tx_send_should_exit_refused_with_the_nodes_reason_when_the_sender_cannot_pay()
    {
        var (exit, stdout, stderr) = await RokoProcess.RunAsync(Generous, "tx", "send", "--node", NodeUrl, "--key", fixture.Node.AccountKeyPath(1),
            "--to", Recipient, "--amount", "999999999999 ROKO");

        Assert.Equal(ExitCodes.Refused, exit);
        Assert.Equal("", stdout.Trim());
        Assert.Contains("InsufficientBalance", stderr);
    }

    [Fact]
    public async Task Tx_send_should_exit_unavailable_when_the_node_cannot_be_reached()
    {
        var (exit, _, stderr) = await RokoProcess.RunAsync(Generous, "tx", "send", "--node", Nowhere, "--key", fixture.Node.AccountKeyPath(0),
            "--to", Recipient, "--amount", "1 ROKO");

        Assert.Equal(ExitCodes.Unavailable, exit);
        Assert.Contains("cannot reach", stderr);
    }

    [Theory]
    [InlineData("--amount", "ten ROKO")]
    [InlineData("--to", "nobody")]
    [InlineData("--node", "ftp://example")]
    public async Task Tx_send_should_exit_with_usage_naming_the_option_when_an_option_is_bad(string option, string value)
    {
        var args = new Dictionary<string, string> { ["--node"] = NodeUrl, ["--key"] = fixture.Node.AccountKeyPath(0), ["--to"] = Recipient, ["--amount"] = "1 ROKO" };
        args[option] = value;

        var (exit, _, stderr) = await RokoProcess.RunAsync(Generous, ["tx", "send", .. args.SelectMany(a => new[] { a.Key, a.Value })]);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(option, stderr);
    }

    [Fact]
    public async Task Tx_send_should_fail_naming_the_key_file_when_it_does_not_exist()
    {
        var (exit, _, stderr) = await RokoProcess.RunAsync(Generous, "tx", "send", "--node", NodeUrl, "--key", "/nonexistent/roko.key",
            "--to", Recipient, "--amount", "1 ROKO");

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("/nonexistent/roko.key", stderr);
    }

    [Fact]
    public async Task Status_should_print_height_peers_time_and_alerts_of_a_ready_node()
    {
        var (exit, stdout, stderr) = await RokoProcess.RunAsync(Generous, "status", "--node", NodeUrl);

        Assert.True(exit == ExitCodes.Success, stderr);
        Assert.Contains("node:    validator-0", stdout);
        Assert.Matches(@"height:  \d+", stdout);
        Assert.Contains("peers:", stdout);
        Assert.Contains("time:    [", stdout);
        Assert.Contains("alerts:", stdout);
    }

    [Fact]
    public async Task Status_should_exit_unavailable_when_the_node_cannot_be_reached()
    {
        var (exit, _, stderr) = await RokoProcess.RunAsync(Generous, "status", "--node", Nowhere);

        Assert.Equal(ExitCodes.Unavailable, exit);
        Assert.Contains("cannot reach http://127.0.0.1:1/", stderr);
    }
}
