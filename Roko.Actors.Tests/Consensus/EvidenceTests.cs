using Roko.Actors.Consensus;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;
using Xunit;
using static Roko.Actors.Tests.Consensus.ConsensusFixture;

namespace Roko.Actors.Tests.Consensus;

public sealed class EvidenceTests
{
    private readonly ConsensusFixture _fixture = new();

    [Fact]
    public void ConflictingVotes_should_produce_evidence_once_when_a_validator_votes_twice_in_one_round()
    {
        var local = _fixture.NonProposerKey(1, 0);
        var machine = _fixture.Machine(local);
        var cheater = _fixture.Others(local).First();
        var forA = Vote(cheater, VoteType.Prevote, 1, 0, _fixture.Block(1, "a").Hash);
        var forB = Vote(cheater, VoteType.Prevote, 1, 0, _fixture.Block(1, "b").Hash);
        var forNil = Vote(cheater, VoteType.Prevote, 1, 0, Hash32.Zero);

        machine.Handle(Received(forA), Now);
        var effects = machine.Handle(Received(forB), Now).Concat(machine.Handle(Received(forNil), Now)).ToList();

        var evidence = Assert.Single(effects.OfType<ConsensusEffect.EvidenceFound>()).Evidence;
        Assert.Null(evidence.Verify());
        Assert.Equal(cheater.PublicKey, evidence.Validator);
    }

    [Fact]
    public void Verify_should_accept_two_signed_votes_for_different_blocks_and_keep_one_canonical_order()
    {
        var key = _fixture.Keys[0];
        var a = Vote(key, VoteType.Precommit, 3, 1, _fixture.Block(3, "a").Hash);
        var b = Vote(key, VoteType.Precommit, 3, 1, _fixture.Block(3, "b").Hash);

        var ab = DuplicateVoteEvidence.Create(a, b);
        var ba = DuplicateVoteEvidence.Create(b, a);

        Assert.Null(ab.Verify());
        Assert.Equal(ab.Encode(), ba.Encode());
    }

    [Fact]
    public void Decode_should_return_equal_evidence_when_given_its_encoding()
    {
        var key = _fixture.Keys[1];
        var evidence = DuplicateVoteEvidence.Create(
            Vote(key, VoteType.Prevote, 9, 4, Hash32.Zero), Vote(key, VoteType.Prevote, 9, 4, _fixture.Block(9).Hash));

        var decoded = DuplicateVoteEvidence.Decode(evidence.Encode());

        Assert.Equal(evidence.First, decoded.First);
        Assert.Equal(evidence.Second, decoded.Second);
        Assert.Null(decoded.Verify());
    }

    [Fact]
    public void Decode_should_refuse_bytes_when_they_are_truncated()
    {
        var key = _fixture.Keys[1];
        var bytes = DuplicateVoteEvidence.Create(
            Vote(key, VoteType.Prevote, 9, 4, Hash32.Zero), Vote(key, VoteType.Prevote, 9, 4, _fixture.Block(9).Hash)).Encode();

        Assert.Throws<CanonicalDecodingException>(() => DuplicateVoteEvidence.Decode(bytes.AsSpan(0, bytes.Length - 1)));
    }

    [Fact]
    public void Verify_should_refuse_votes_when_they_name_the_same_block()
    {
        var key = _fixture.Keys[0];
        var hash = _fixture.Block(2).Hash;
        var first = Vote(key, VoteType.Prevote, 2, 0, hash);
        var second = Roko.Actors.Ledger.Vote.Create(VoteType.Prevote, ChainId, 2, 0, hash, NanoIntervalLater(), key);

        Assert.Contains("same block", DuplicateVoteEvidence.Create(first, second).Verify());
    }

    [Fact]
    public void Verify_should_refuse_votes_when_they_differ_in_round_type_or_signer()
    {
        var a = _fixture.Block(2, "a").Hash;
        var b = _fixture.Block(2, "b").Hash;
        var k0 = _fixture.Keys[0];

        Assert.NotNull(DuplicateVoteEvidence.Create(Vote(k0, VoteType.Prevote, 2, 0, a), Vote(k0, VoteType.Prevote, 2, 1, b)).Verify());
        Assert.NotNull(DuplicateVoteEvidence.Create(Vote(k0, VoteType.Prevote, 2, 0, a), Vote(k0, VoteType.Precommit, 2, 0, b)).Verify());
        Assert.NotNull(DuplicateVoteEvidence.Create(Vote(k0, VoteType.Prevote, 2, 0, a), Vote(_fixture.Keys[1], VoteType.Prevote, 2, 0, b)).Verify());
    }

    [Fact]
    public void Verify_should_refuse_evidence_when_a_signature_is_forged()
    {
        var key = _fixture.Keys[0];
        var a = Vote(key, VoteType.Prevote, 2, 0, _fixture.Block(2, "a").Hash);
        var b = Vote(key, VoteType.Prevote, 2, 0, _fixture.Block(2, "b").Hash) with { Signature = a.Signature };

        Assert.Contains("signature", DuplicateVoteEvidence.Create(a, b).Verify());
    }

    private static Roko.Actors.Hardware.Time.NanoInterval NanoIntervalLater() =>
        Roko.Actors.Hardware.Time.NanoInterval.Around(T0.AddNanoseconds(1_000_000_000), 1_000_000);
}
