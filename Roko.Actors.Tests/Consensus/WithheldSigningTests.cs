using Roko.Actors.Consensus;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;
using Xunit;
using static Roko.Actors.Tests.Consensus.ConsensusFixture;

namespace Roko.Actors.Tests.Consensus;

/// <summary>
/// A validator whose signing gate is shut (participation refused, e.g. an unbounded clock) follows the height and
/// remembers what it would have signed at its current step; when the gate opens it casts that at once.
/// </summary>
public sealed class WithheldSigningTests
{
    private static readonly NanoInterval Later = NanoInterval.Around(T0.AddNanoseconds(5_000_000_000), 1_000_000);
    private readonly ConsensusFixture _fixture = new();

    private static ConsensusInput.SigningChanged Signing(bool allowed) => new(allowed);

    [Fact]
    public void Machine_should_cast_its_withheld_prevote_signed_at_resume_time_when_signing_is_allowed_again()
    {
        var key = _fixture.NonProposerKey(1, 0);
        var machine = _fixture.Machine(key);
        machine.Handle(Signing(false), Now);
        var block = _fixture.Block(1);
        Assert.Empty(VotesCast(machine.Handle(Received(_fixture.Proposal(block, 0)), Now), VoteType.Prevote));

        var prevote = Assert.Single(VotesCast(machine.Handle(Signing(true), Later), VoteType.Prevote));

        Assert.Equal(block.Hash, prevote.BlockHash);
        Assert.Equal(0u, prevote.Round);
        Assert.Equal(Later, prevote.Clock);
    }

    [Fact]
    public void Machine_should_cast_its_withheld_precommit_when_signing_is_allowed_again_in_the_precommit_step()
    {
        var key = _fixture.NonProposerKey(1, 0);
        var machine = _fixture.Machine(key);
        machine.Handle(Signing(false), Now);
        var block = _fixture.Block(1);
        machine.Handle(Received(_fixture.Proposal(block, 0)), Now);
        FeedVotes(machine, _fixture.Others(key), VoteType.Prevote, 1, 0, block.Hash);
        Assert.Equal(ConsensusStep.Precommit, machine.Step);

        var effects = machine.Handle(Signing(true), Later);

        var precommit = Assert.Single(effects.OfType<ConsensusEffect.BroadcastVote>()).Vote;
        Assert.Equal(VoteType.Precommit, precommit.Type);
        Assert.Equal(block.Hash, precommit.BlockHash);
        Assert.Equal(block.Hash, machine.LockedBlock?.Hash);
    }

    [Fact]
    public void Machine_should_ask_for_a_block_when_it_proposes_the_round_and_signing_is_allowed_again_before_the_propose_timeout()
    {
        var machine = new ConsensusMachine(ChainId, _fixture.ProposerKey(1, 0), Settings);
        machine.Handle(Signing(false), Now);
        Assert.DoesNotContain(machine.Handle(new ConsensusInput.StartHeight(1, _fixture.Validators, _ => null), Now),
            e => e is ConsensusEffect.ProposeBlock);

        var effects = machine.Handle(Signing(true), Later);

        var ask = Assert.Single(effects.OfType<ConsensusEffect.ProposeBlock>());
        Assert.Equal((1ul, 0u), (ask.Height, ask.Round));
    }

    [Fact]
    public void Machine_should_not_cast_a_vote_withheld_in_an_earlier_round()
    {
        var key = _fixture.NonProposerKey(1, 0);
        var machine = _fixture.Machine(key);
        machine.Handle(Signing(false), Now);
        machine.Handle(new ConsensusInput.TimeoutFired(1, 0, ConsensusStep.Propose), Now); // withholds a nil prevote in round 0
        FeedVotes(machine, _fixture.Others(key).Take(2), VoteType.Prevote, 1, 1, Hash32.Zero); // > 1/3 in round 1: skip to it
        Assert.Equal(1u, machine.Round);

        var effects = machine.Handle(Signing(true), Later);

        Assert.DoesNotContain(effects, e => e is ConsensusEffect.BroadcastVote);
    }

    [Fact]
    public void Machine_should_not_vote_twice_when_signing_is_allowed_again_after_it_already_voted()
    {
        var key = _fixture.NonProposerKey(1, 0);
        var machine = _fixture.Machine(key);
        Assert.Single(VotesCast(machine.Handle(Received(_fixture.Proposal(_fixture.Block(1), 0)), Now), VoteType.Prevote));
        machine.Handle(Signing(false), Now);

        Assert.Empty(machine.Handle(Signing(true), Later).OfType<ConsensusEffect.BroadcastVote>());
    }

    /// <summary>
    /// Six equal validators, three sitting out height 1 (signing shut): the three others propose and prevote, but half
    /// the stake is no quorum, so no prevote timeout is ever scheduled and everybody waits. When the three are allowed
    /// to sign again they must cast what they withheld, and the height must be decided.
    /// </summary>
    [Fact]
    public void Network_should_decide_when_more_than_a_third_sat_out_and_then_were_allowed_to_sign()
    {
        var fixture = new ConsensusFixture(100, 100, 100, 100, 100, 100);
        var proposer = fixture.ProposerKey(1, 0);
        var sittingOut = fixture.Others(proposer).Take(3).Select(k => k.PublicKey).ToHashSet();
        var network = new MachineNetwork(fixture);
        foreach (var (key, machine) in network.Machines)
            if (sittingOut.Contains(key.PublicKey)) network.Feed(machine, Signing(false));
        network.StartHeight(1);
        network.Run();
        Assert.All(network.Machines, m => Assert.NotEqual(ConsensusStep.Commit, m.Machine.Step));

        foreach (var (key, machine) in network.Machines)
            if (sittingOut.Contains(key.PublicKey)) network.Feed(machine, Signing(true));
        network.Run();

        Assert.All(network.Machines, m => Assert.Equal(ConsensusStep.Commit, m.Machine.Step));
        Assert.Single(network.Decided.Select(b => b.Hash).Distinct());
    }

    /// <summary>All-to-all delivery of every broadcast; timeouts fire only when no message is in flight.</summary>
    private sealed class MachineNetwork(ConsensusFixture fixture)
    {
        private readonly Queue<(ConsensusMachine To, ConsensusInput Input)> _inFlight = new();
        private readonly Queue<(ConsensusMachine To, ConsensusInput.TimeoutFired Timeout)> _timers = new();

        public List<(Roko.Actors.Crypto.SigningKey Key, ConsensusMachine Machine)> Machines { get; } =
            [.. fixture.Keys.Select(k => (k, new ConsensusMachine(ChainId, k, Settings)))];

        public List<ProposedBlock> Decided { get; } = [];

        public void StartHeight(ulong height)
        {
            foreach (var (_, machine) in Machines) Feed(machine, new ConsensusInput.StartHeight(height, fixture.Validators, _ => null));
        }

        public void Feed(ConsensusMachine machine, ConsensusInput input)
        {
            foreach (var effect in machine.Handle(input, Now))
            {
                switch (effect)
                {
                    case ConsensusEffect.BroadcastVote v:
                        foreach (var other in Others(machine)) _inFlight.Enqueue((other, new ConsensusInput.VoteReceived(v.Vote)));
                        break;
                    case ConsensusEffect.BroadcastProposal p:
                        foreach (var other in Others(machine)) _inFlight.Enqueue((other, new ConsensusInput.ProposalReceived(p.Proposal, Now)));
                        break;
                    case ConsensusEffect.ProposeBlock ask:
                        _inFlight.Enqueue((machine, new ConsensusInput.ProposalReady(ask.Height, ask.Round, fixture.Block(ask.Height, $"r{ask.Round}"))));
                        break;
                    case ConsensusEffect.ScheduleTimeout t:
                        _timers.Enqueue((machine, new ConsensusInput.TimeoutFired(t.Height, t.Round, t.Step)));
                        break;
                    case ConsensusEffect.CommitBlock c:
                        Decided.Add(c.Block);
                        break;
                }
            }
        }

        /// <summary>Delivers and fires until nothing is left (bounded, so a livelock fails instead of hanging).</summary>
        public void Run()
        {
            for (int steps = 0; steps < 100_000; steps++)
            {
                if (_inFlight.TryDequeue(out var message)) Feed(message.To, message.Input);
                else if (_timers.TryDequeue(out var timer)) Feed(timer.To, timer.Timeout);
                else return;
            }
            Assert.Fail("the network did not settle");
        }

        private IEnumerable<ConsensusMachine> Others(ConsensusMachine machine) => Machines.Select(m => m.Machine).Where(m => m != machine);
    }
}
