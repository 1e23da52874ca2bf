using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Roko.Actors.Crypto;
using Roko.Actors.Devnet;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Light;
using Roko.Actors.LightClient;
using Roko.Actors.Primitives;
using Roko.Actors.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static Roko.Actors.ClusterAccess.ClusterAccessProtocol;
using static Roko.Actors.Light.LightNodeProtocol;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// Light nodes (own ActorSystems, Akka.Remote only, ClusterClient to the validators' receptionists) over four real
/// validators: checkpoint sync and following the head, balance proofs, transaction submission, resuming from SQLite,
/// and refusing a lying contact's forged headers and tampered proofs, each with its specific reason.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class LightNodeSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    // Plain remoting with the trttl adapter (the validators' test config uses it), fast polling and retries.
    internal const string LightHocon = """
        akka {
          loglevel = INFO
          loggers = ["Roko.Actors.Tests.MultiNode.TestOutputLogger, Roko.Actors.Tests"]
          remote.dot-netty.tcp.applied-adapters = [trttl]
          coordinated-shutdown.run-by-clr-shutdown-hook = off
        }
        roko.light {
          poll-interval = 500ms
          request-timeout = 5s
          retry-delay = 200ms
        }
        """;

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

    private LightNodeHost StartLight(string name, IEnumerable<ActorPath> contacts, Checkpoint checkpoint, string? hocon = null)
    {
        var host = LightNodeHost.Start(new LightNodeOptions([.. contacts], checkpoint, _dir.Combine(name)),
            LightNodeHost.Configuration(ConfigurationFactory.ParseString(hocon ?? "").WithFallback(ConfigurationFactory.ParseString(LightHocon))));
        _running.Add(host);
        return host;
    }

    private async Task StopLight(LightNodeHost host)
    {
        _running.Remove(host);
        await host.DisposeAsync();
    }

    private static ActorPath ContactOf(ValidatorNetwork.Validator v) => ActorPath.Parse($"{v.Node.Address}/system/receptionist");

    private Checkpoint CheckpointAt(ulong height) => new(height, _network.Nodes[0].Committed[height].Hash);

    [Fact]
    public async Task Light_node_should_follow_the_head_prove_balances_submit_and_resume_from_its_store()
    {
        await _network.StartAsync(4);
        await _network.AwaitHeightAsync(3, Generous);
        var checkpoint = CheckpointAt(2);
        var started = Stopwatch.StartNew();
        var light = StartLight("light-a", _network.Nodes.Take(2).Select(ContactOf), checkpoint);

        var status = await AwaitStatus(light, s => s.Following && s.Height > checkpoint.Height);
        output.WriteLine($"following at height {status.Height} {started.Elapsed.TotalSeconds:F1} s after start (node says {status.FollowingAfter?.TotalSeconds:F1} s)");

        // Sample the gap to the validators' head for a few seconds.
        int maxLag = 0, samples = 0;
        var sampling = Stopwatch.StartNew();
        while (sampling.Elapsed < TimeSpan.FromSeconds(6))
        {
            ulong head = (await _network.HeightsAsync()).Max();
            var now = await light.StatusAsync(AskTimeout);
            maxLag = Math.Max(maxLag, (int)(head - Math.Min(head, now.Height)));
            samples++;
            await Task.Delay(250);
        }
        output.WriteLine($"lag behind the head over {samples} samples: at most {maxLag} block(s)");
        Assert.InRange(maxLag, 0, 3);
        status = await light.StatusAsync(AskTimeout);
        Assert.Empty(status.Refusals);
        Assert.Equal(_network.Nodes[0].Committed[status.Height].Hash, status.Hash);
        // The other contact is the witness: every header trusted was first cross-checked with it, and it agreed.
        output.WriteLine($"witness checks {status.WitnessChecks}, agreeing answers {status.WitnessAgreements}, conflicts {status.Conflicts}");
        Assert.True(status.WitnessChecks > 0 && status.WitnessAgreements > 0, $"{status.WitnessChecks} witness checks, {status.WitnessAgreements} agreeing");
        Assert.Equal(0, status.Conflicts);
        Assert.Null(status.Halted);

        var accounts = _network.Layout.LoadAccountKeys();
        var present = accounts[0].PublicKey.ToAddress();
        var absent = SigningKey.FromSeed("nobody").PublicKey.ToAddress();
        var genesisBalance = _network.Genesis.Accounts.Single(a => a.Address == present).Balance;
        var proved = Assert.IsType<BalanceVerified>(await light.Node.Ask<object>(new GetBalance(present), AskTimeout));
        Assert.Equal(genesisBalance, proved.Balance);
        Assert.Equal(_network.Nodes[0].Committed[proved.Height].Header.StateRoot, proved.StateRoot);
        var none = Assert.IsType<BalanceVerified>(await light.Node.Ask<object>(new GetBalance(absent), AskTimeout));
        Assert.Equal(Amount.Zero, none.Balance);
        output.WriteLine($"balance {proved.Balance} of {present} and 0 of {absent} proved at height {proved.Height}");

        var tx = Transaction.Create(_network.Genesis.ChainId, accounts[0], NanoMoment.FromDateTime(DateTime.UtcNow),
            new TransferPayload(absent, Amount.FromRoko(1)));
        Assert.Equal(new TransactionSubmitted(tx.Id.ToString()), await light.Node.Ask<object>(new SubmitTransaction(tx), AskTimeout));
        await Eventually.AwaitAssertAsync(async () =>
        {
            var after = Assert.IsType<BalanceVerified>(await light.Node.Ask<object>(new GetBalance(absent), AskTimeout));
            Assert.Equal(Amount.FromRoko(1), after.Balance);
        }, Generous);

        ulong before = (await light.StatusAsync(AskTimeout)).Height;
        await StopLight(light);
        var restarted = StartLight("light-a", [ContactOf(_network.Nodes[2])], new Checkpoint(1, Hash32.Zero));
        var resumed = await restarted.StatusAsync(AskTimeout);
        Assert.True(resumed.Height >= before, $"resumed at {resumed.Height}, had verified {before}");
        status = await AwaitStatus(restarted, s => s.Following && s.Height > before);
        Assert.Empty(status.Refusals);
        output.WriteLine($"restart resumed from the store at height {resumed.Height} (checkpoint not needed) and followed again to {status.Height}");
    }

    [Fact]
    public async Task Light_node_should_refuse_forged_headers_and_tampered_proofs_and_switch_contacts()
    {
        await _network.StartAsync(4);
        await _network.AwaitHeightAsync(4, Generous);
        var v0 = _network.Nodes[0];
        var validators = LedgerState.FromGenesis(_network.Genesis).Validators;
        var state = LedgerState.FromGenesis(_network.Genesis);
        for (ulong h = 1; h <= 2; h++) state = LedgerTransition.Apply(state, v0.Committed[h]).State!;
        var keys = Enumerable.Range(0, 4)
            .Select(i => KeyFile.Load(Path.Combine(_network.Layout.NodeDir(DevnetLayout.ValidatorName(i)), DevnetLayout.KeyFileName))).ToList();
        var liar = await LyingContact.StartAsync(LightBlock.Of(v0.Committed[2], validators), state, v0.Committed[3], keys);
        _running.Add(liar);

        var checkpoint = CheckpointAt(2);
        var contacts = Enumerable.Repeat(liar.Receptionist, LyingContact.Forgeries.Length).Append(ContactOf(v0)).ToList();
        // No witnesses here: this is about each forgery's own refusal, in order (a witness would catch the liar withholding
        // first, LightWitnessSpec).
        var light = StartLight("light-b", contacts, checkpoint, "roko.light.witnesses = 0");
        var status = await AwaitStatus(light, s => s.Following && s.Height > 3);
        Assert.Equal(LyingContact.Forgeries.Select(f => f.Expected), status.Refusals.Select(r => r.Refusal.Reason));
        Assert.All(status.Refusals, r => Assert.Equal(liar.Receptionist.ToString(), r.Contact));
        Assert.Equal(ContactOf(v0).ToString(), status.Contact);
        foreach (var (r, f) in status.Refusals.Zip(LyingContact.Forgeries)) output.WriteLine($"{f.Name}: refused {r.Refusal}");
        Assert.Equal(v0.Committed[status.Height].Hash, status.Hash);

        // A light node whose only contact lies about a balance refuses the tampered proof with the reason.
        var gullible = StartLight("light-c", [liar.Receptionist], checkpoint);
        await AwaitStatus(gullible, s => s.Height == checkpoint.Height);
        var account = _network.Layout.LoadAccountKeys()[0].PublicKey.ToAddress();
        var refused = Assert.IsType<BalanceRefused>(await gullible.Node.Ask<object>(new GetBalance(account), AskTimeout));
        Assert.Contains("does not lead to state root", refused.Reason);
        output.WriteLine($"tampered proof refused: {refused.Reason}");
        await AwaitStatus(gullible, s => s.Refusals.Any(r => r.Refusal.Reason == LightRefusalReason.BadProof));
    }

    internal static async Task<CurrentLightStatus> AwaitStatus(LightNodeHost host, Func<CurrentLightStatus, bool> condition)
    {
        CurrentLightStatus? last = null;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < Generous)
        {
            last = await host.StatusAsync(AskTimeout);
            if (condition(last)) return last;
            await Task.Delay(100);
        }
        throw new TimeoutException($"light node status did not reach the condition in {Generous}; last {last}");
    }
}
