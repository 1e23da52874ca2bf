using Akka.Actor;
using Akka.Configuration;
using Roko.Actors.Consensus;
using Roko.Actors.Crypto;
using Roko.Actors.Ledger;
using Roko.Actors.Mempool;
using Roko.Actors.Nodes;
using Roko.Actors.Persistence;
using Roko.Actors.Propagation;
using Roko.Actors.Tests.Builders;
using Roko.Actors.Tests.Support;
using Xunit;

namespace Roko.Actors.Tests.Consensus;

/// <summary>
/// The ConsensusRound actor of a one-validator chain with its signing record in a real SQLite file: what it sends is
/// stored first, a restarted round resumes and sends the very same signed messages again, and a round whose record
/// cannot be stored sends nothing.
/// </summary>
public sealed class ConsensusRoundSigningSpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _dir = new();
    private readonly TestChain _chain = Build.Chain().WithValidators(1).Build();
    // No periodic resends during the test: every Propagate the probe sees is a send of the round's own logic. No propose
    // timeout either: on a loaded host it could fire while the test holds the block back, and the nil prevote come first.
    private readonly ConsensusSettings _settings = ConsensusSettings.Create(RokoConfig.Defaults) with
    {
        ResendInterval = TimeSpan.FromHours(1),
        TimeoutPropose = TimeSpan.FromHours(1),
    };

    public ConsensusRoundSigningSpec() : base(ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(RokoConfig.Defaults))
    {
    }

    private SigningKey Key => _chain.ValidatorKeys[0];

    protected override void AfterAll()
    {
        base.AfterAll();
        _dir.Dispose();
    }

    /// <summary>The round under a parent that restarts it on any failure, Kill included (the user guardian would stop it).</summary>
    private sealed class RestartingParent : ReceiveActor
    {
        public RestartingParent(Props child)
        {
            Context.ActorOf(child, "height-1");
        }

        protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Restart);
    }

    /// <summary>The real store, failing every write while <see cref="Failing"/> is set.</summary>
    private sealed class FailingStore(ISigningRecordStore inner) : ISigningRecordStore
    {
        public volatile bool Failing;
        public SigningRecord? Load(string chainId, PublicKey validator) => inner.Load(chainId, validator);
        public void Save(SigningRecord record)
        {
            if (Failing) throw new IOException("disk full (test)");
            inner.Save(record);
        }
    }

    private (IActorRef Parent, Akka.TestKit.TestProbe Mempool, Akka.TestKit.TestProbe Propagator, Akka.TestKit.TestProbe Chain) StartRound(ISigningRecordStore store)
    {
        var mempool = CreateTestProbe();
        var propagator = CreateTestProbe();
        var chain = CreateTestProbe();
        var props = ConsensusRound.Props(1, _chain.State, Key, new AssumedUncertaintyClock(1_000_000), _settings, chain, mempool, propagator,
            DirectSignatureVerifier.Instance, store);
        return (Sys.ActorOf(Props.Create(() => new RestartingParent(props))), mempool, propagator, chain);
    }

    private static void AnswerSlice(Akka.TestKit.TestProbe mempool)
    {
        var ask = mempool.ExpectMsg<MempoolProtocol.GetSlice>(Generous);
        mempool.Reply(new MempoolProtocol.CurrentSlice(ask.Cutoff, []));
    }

    [Fact]
    public void Round_should_store_each_message_before_sending_it_and_send_the_same_ones_again_after_a_restart()
    {
        using var store = SqlSigningRecordStore.Sqlite(_dir.Combine("chain.db"));
        var (parent, mempool, propagator, chain) = StartRound(store);
        AnswerSlice(mempool);

        var sent = new List<byte[]>();
        foreach (var expected in new[] { ConsensusStep.Propose, ConsensusStep.Prevote, ConsensusStep.Precommit })
        {
            var message = propagator.ExpectMsg<BlockPropagatorProtocol.Propagate>(Generous);
            // Sent only after the write returned: the store already holds it.
            var stored = store.Load(_chain.Genesis.ChainId, Key.PublicKey)!;
            byte[]? storedBytes = expected switch
            {
                ConsensusStep.Propose => stored.Proposal?.Encode(),
                ConsensusStep.Prevote => stored.Prevote?.Encode(),
                _ => stored.Precommit?.Encode(),
            };
            Assert.Equal(storedBytes, message.Payload);
            sent.Add(message.Payload);
        }
        chain.ExpectMsg<ChainStoreProtocol.CommitBlock>(Generous);

        Sys.ActorSelection(parent.Path / "height-1").Tell(Kill.Instance);

        var again = Enumerable.Range(0, 3).Select(_ => propagator.ExpectMsg<BlockPropagatorProtocol.Propagate>(Generous).Payload).ToList();
        Assert.Equal(sent, again);
        mempool.ExpectNoMsg(TimeSpan.FromMilliseconds(500)); // resumed in Precommit: no second block is assembled
        chain.ExpectMsg<ChainStoreProtocol.CommitBlock>(Generous); // its own proposal and precommit decide again
    }

    [Fact]
    public void Round_should_send_nothing_while_its_signing_record_cannot_be_stored()
    {
        using var real = SqlSigningRecordStore.Sqlite(_dir.Combine("chain.db"));
        var store = new FailingStore(real) { Failing = true };
        var (_, mempool, propagator, _) = StartRound(store);

        AnswerSlice(mempool);
        AnswerSlice(mempool); // the write failed, the round failed and restarted, and it proposes again

        propagator.ExpectNoMsg(TimeSpan.FromSeconds(1));
        Assert.Null(real.Load(_chain.Genesis.ChainId, Key.PublicKey));

        store.Failing = false;
        AnswerSlice(mempool);
        var proposal = Proposal.Decode(propagator.ExpectMsg<BlockPropagatorProtocol.Propagate>(Generous).Payload);
        Assert.Equal(proposal.Signature, real.Load(_chain.Genesis.ChainId, Key.PublicKey)!.Proposal!.Signature);
    }
}
