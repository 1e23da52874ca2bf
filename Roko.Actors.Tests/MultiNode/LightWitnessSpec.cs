using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Roko.Actors.Crypto;
using Roko.Actors.Devnet;
using Roko.Actors.Forks;
using Roko.Actors.Ledger;
using Roko.Actors.Light;
using Roko.Actors.LightClient;
using Roko.Actors.Tests.Builders;
using Roko.Actors.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static Roko.Actors.Light.LightNodeProtocol;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// Light nodes cross-check their primary against witnesses (the other contacts: real validators over TCP). A primary on a
/// fork — it serves a header validly certified by three of four validators' keys, which the test holds — is caught by a
/// witness holding the real header: the light node keeps both, halts, and reports them; the validator the report reached
/// journals the fork, stops signing and floods the evidence, and every other validator records it and stops signing too. A primary that withholds headers (its head stays at the checkpoint) is caught by
/// a witness proving headers above it, refused, and the next contact followed.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class LightWitnessSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private readonly ValidatorNetwork _network = new(output);
    private readonly TempDirectory _dir = new();
    private readonly List<IAsyncDisposable> _running = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var r in Enumerable.Reverse(_running)) await r.DisposeAsync();
        await _network.DisposeAsync();
        _dir.Dispose();
    }

    private static ActorPath ContactOf(ValidatorNetwork.Validator v) => ActorPath.Parse($"{v.Node.Address}/system/receptionist");

    private LightNodeHost StartLight(string name, IEnumerable<ActorPath> contacts, Checkpoint checkpoint)
    {
        var host = LightNodeHost.Start(new LightNodeOptions([.. contacts], checkpoint, _dir.Combine(name)),
            LightNodeHost.Configuration(ConfigurationFactory.ParseString(LightNodeSpec.LightHocon)));
        _running.Add(host);
        return host;
    }

    private (LightBlock Checkpoint, LedgerState State) CheckpointAt(ulong height)
    {
        var v0 = _network.Nodes[0];
        var state = LedgerState.FromGenesis(_network.Genesis);
        for (ulong h = 1; h <= height; h++) state = LedgerTransition.Apply(state, v0.Committed[h]).State!;
        return (LightBlock.Of(v0.Committed[height], LedgerState.FromGenesis(_network.Genesis).Validators), state);
    }

    private List<SigningKey> ValidatorKeys() => [.. Enumerable.Range(0, 4)
        .Select(i => KeyFile.Load(Path.Combine(_network.Layout.NodeDir(DevnetLayout.ValidatorName(i)), DevnetLayout.KeyFileName)))];

    [Fact]
    public async Task Light_node_should_halt_keep_and_report_a_fork_its_primary_serves_when_a_witness_holds_the_real_header()
    {
        await _network.StartAsync(4);
        await _network.AwaitHeightAsync(4, Generous);
        var v0 = _network.Nodes[0];
        var (checkpoint, state) = CheckpointAt(2);
        // The fork: block 3 with another block time, certified by three of the four validators (more than 2/3 of the stake).
        var real = v0.Committed[3];
        var header = Headers.With(real.Header, blockTime: real.Header.BlockTime.AddNanoseconds(1));
        var fork = new LightBlock(header, BlockBuilder.Commit(header, ValidatorKeys().Take(3)), checkpoint.Validators);
        Assert.Null(fork.Commit.Verify(fork.Header, checkpoint.Validators));
        // It claims a head well past the real chain's (within the sequential gap), so it does not look like it withholds.
        var forker = await LyingContact.StartServingAsync(checkpoint, state, [fork], repeatLast: true, claimedHead: checkpoint.Height + 50);
        _running.Add(forker);

        var watch = Stopwatch.StartNew();
        var light = StartLight("light-fork", [forker.Receptionist, ContactOf(v0)], new Checkpoint(2, checkpoint.Header.Hash));
        var status = await LightNodeSpec.AwaitStatus(light, s => s.Halted is not null);
        output.WriteLine($"halted {watch.Elapsed.TotalSeconds:F1} s after start: {status.Halted}");
        Assert.Equal(2UL, status.Height); // neither header at 3 is trusted
        Assert.Equal(1, status.Conflicts);
        var refusal = Assert.Single(status.Refusals);
        Assert.Equal(LightRefusalReason.ConflictingWitness, refusal.Refusal.Reason);
        Assert.Equal(forker.Receptionist.ToString(), refusal.Contact);
        Assert.Contains(fork.Header.Hash.Short, refusal.Refusal.Detail);
        Assert.Contains(real.Hash.Short, refusal.Refusal.Detail);

        // The validator the report reached (the light-access receptionist its cluster client connected to, any of the four)
        // judged the reported pair against its own chain: a fork, journaled, signing stopped; it flooded the evidence, and
        // every other validator checked it against its own validator set of that height and recorded it too.
        (string Node, ForkMonitorProtocol.CurrentForks Forks)[] all = [];
        await Eventually.AwaitAssertAsync(async () =>
        {
            all = await Task.WhenAll(_network.Nodes.Select(async n => (Node: n.ToString(), Forks: await n.Node.System
                .ActorSelection(ForkMonitorProtocol.Path).Ask<ForkMonitorProtocol.CurrentForks>(ForkMonitorProtocol.GetForks.Instance, AskTimeout))));
            Assert.All(all, a => Assert.Single(a.Forks.Forks));
        }, Generous);
        foreach (var (node, held) in all) output.WriteLine($"{node}: {held.Forks[0].Evidence} from {held.Forks[0].Source}");
        var judge = Assert.Single(all, a => a.Forks.Forks[0].Source.Contains("light node", StringComparison.Ordinal));
        Assert.All(all.Where(a => a != judge), a => Assert.StartsWith("fork evidence flooded by", a.Forks.Forks[0].Source, StringComparison.Ordinal));
        foreach (var (_, forks) in all)
        {
            var kept = forks.Forks[0];
            Assert.Equal(new[] { real.Hash, fork.Header.Hash }.Order(), new[] { kept.Evidence.First.Hash, kept.Evidence.Second.Hash });
            Assert.Null(ForkCheck.Verify(kept.Evidence));
            Assert.Equal(1, forks.Unresolved);
        }
    }

    [Fact]
    public async Task Light_node_should_drop_a_primary_that_withholds_headers_when_a_witness_proves_newer_ones()
    {
        await _network.StartAsync(4);
        // The witnesses must hold headers more than withholding-tolerance (3) above the checkpoint the withholder claims.
        await _network.AwaitHeightAsync(9, Generous);
        var (checkpoint, state) = CheckpointAt(2);
        var withholder = await LyingContact.StartServingAsync(checkpoint, state, [], repeatLast: false);
        _running.Add(withholder);

        var contacts = new[] { withholder.Receptionist, ContactOf(_network.Nodes[1]), ContactOf(_network.Nodes[2]) };
        var light = StartLight("light-withheld", contacts, new Checkpoint(2, checkpoint.Header.Hash));
        var status = await LightNodeSpec.AwaitStatus(light, s => s.Following && s.Height > 6 && s.WitnessChecks > 0);
        foreach (var r in status.Refusals) output.WriteLine($"refused {r.Contact}: {r.Refusal}");
        var refusal = Assert.Single(status.Refusals);
        Assert.Equal(LightRefusalReason.WithholdingPrimary, refusal.Refusal.Reason);
        Assert.Equal(withholder.Receptionist.ToString(), refusal.Contact);
        Assert.Equal(contacts[1].ToString(), status.Contact);
        Assert.Equal(_network.Nodes[1].Committed[status.Height].Hash, status.Hash);
        Assert.Null(status.Halted);
        output.WriteLine($"following {status.Contact} at {status.Height}; {status.WitnessChecks} witness checks, {status.WitnessAgreements} agreeing answers");
    }
}
