using Roko.Actors.Consensus;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;
using Xunit;
using static Roko.Actors.Tests.Consensus.ConsensusFixture;

namespace Roko.Actors.Tests.Consensus;

/// <summary>The pure signing record: what it allows, returns as identical and refuses, how it moves, and its encoding.</summary>
public sealed class SigningRecordTests
{
    private readonly ConsensusFixture _fixture = new();
    private readonly SigningKey _key;
    private readonly ProposedBlock _a;
    private readonly ProposedBlock _b;

    public SigningRecordTests()
    {
        _key = _fixture.ProposerKey(5, 2);
        _a = _fixture.Block(5, "a");
        _b = _fixture.Block(5, "b");
    }

    private SigningRecord Empty => SigningRecord.Empty(ChainId, _key.PublicKey);

    private Vote Signed(VoteType type, uint round, Hash32 block) => Vote(_key, type, 5, round, block);

    /// <summary>At height 5, round 2: proposed A, prevoted A, precommitted A and locked on it.</summary>
    private SigningRecord AfterRoundTwo()
    {
        var proposal = Proposal.Create(ChainId, 5, 2, Proposal.NoPolRound, _a, _key);
        return Empty.At(5, 2, ConsensusStep.Propose, -1, null, -1, null).WithProposal(proposal)
            .At(5, 2, ConsensusStep.Prevote, -1, null, -1, null).WithVote(Signed(VoteType.Prevote, 2, _a.Hash))
            .At(5, 2, ConsensusStep.Precommit, 2, _a, 2, _a).WithVote(Signed(VoteType.Precommit, 2, _a.Hash));
    }

    [Fact]
    public void Empty_record_should_allow_any_first_signature()
    {
        Assert.IsType<SigningCheck<Vote>.Allowed>(Empty.CheckVote(VoteType.Precommit, 1, 0, _a.Hash));
        Assert.IsType<SigningCheck<Proposal>.Allowed>(Empty.CheckProposal(1, 0, -1, _a.Hash));
    }

    [Fact]
    public void CheckVote_should_return_the_stored_vote_with_its_signature_and_clock_when_the_same_vote_is_asked_again()
    {
        var record = AfterRoundTwo();

        var check = record.CheckVote(VoteType.Prevote, 5, 2, _a.Hash);

        var stored = Assert.IsType<SigningCheck<Vote>.Identical>(check).Stored;
        Assert.Same(record.Prevote, stored);
        Assert.Equal(Now, stored.Clock);
    }

    [Fact]
    public void CheckVote_should_refuse_another_value_at_the_same_height_round_and_step()
    {
        var record = AfterRoundTwo();

        var nil = Assert.IsType<SigningCheck<Vote>.Refused>(record.CheckVote(VoteType.Precommit, 5, 2, Hash32.Zero));
        var other = Assert.IsType<SigningCheck<Vote>.Refused>(record.CheckVote(VoteType.Prevote, 5, 2, _b.Hash));

        Assert.Equal(SigningRefusalReason.ConflictingValue, nil.Reason);
        Assert.Equal(SigningRefusalReason.ConflictingValue, other.Reason);
        Assert.Contains($"block {_a.Hash.Short} was signed there", nil.Detail);
    }

    [Fact]
    public void CheckProposal_should_refuse_another_block_or_pol_round_for_a_round_it_proposed_in()
    {
        var record = AfterRoundTwo();

        Assert.IsType<SigningCheck<Proposal>.Identical>(record.CheckProposal(5, 2, -1, _a.Hash));
        Assert.Equal(SigningRefusalReason.ConflictingValue,
            Assert.IsType<SigningCheck<Proposal>.Refused>(record.CheckProposal(5, 2, -1, _b.Hash)).Reason);
        Assert.Equal(SigningRefusalReason.ConflictingValue,
            Assert.IsType<SigningCheck<Proposal>.Refused>(record.CheckProposal(5, 2, 1, _a.Hash)).Reason);
    }

    [Theory]
    [InlineData(4UL, 7U, VoteType.Precommit)] // an earlier height
    [InlineData(5UL, 1U, VoteType.Precommit)] // an earlier round
    public void Check_should_refuse_a_regression_below_the_records_position(ulong height, uint round, VoteType type)
    {
        var refused = Assert.IsType<SigningCheck<Vote>.Refused>(AfterRoundTwo().CheckVote(type, height, round, _a.Hash));

        Assert.Equal(SigningRefusalReason.Regression, refused.Reason);
        Assert.Contains("below the signing record's position 5/2/Precommit", refused.Detail);
    }

    [Fact]
    public void Check_should_refuse_an_earlier_step_of_the_same_round_that_was_never_signed()
    {
        var record = Empty.At(5, 3, ConsensusStep.Precommit, 3, _a, 3, _a).WithVote(Signed(VoteType.Precommit, 3, _a.Hash));

        var refused = Assert.IsType<SigningCheck<Vote>.Refused>(record.CheckVote(VoteType.Prevote, 5, 3, _a.Hash));

        Assert.Equal(SigningRefusalReason.Regression, refused.Reason);
    }

    [Fact]
    public void Check_should_allow_later_rounds_and_heights()
    {
        var record = AfterRoundTwo();

        Assert.IsType<SigningCheck<Vote>.Allowed>(record.CheckVote(VoteType.Prevote, 5, 3, _b.Hash));
        Assert.IsType<SigningCheck<Proposal>.Allowed>(record.CheckProposal(6, 0, -1, _b.Hash));
    }

    [Fact]
    public void At_should_start_afresh_at_a_later_height_and_refuse_to_go_back()
    {
        var record = AfterRoundTwo();

        var next = record.At(6, 0, ConsensusStep.Prevote, -1, null, -1, null);

        Assert.Null(next.Proposal);
        Assert.Null(next.Prevote);
        Assert.Null(next.Precommit);
        Assert.Equal(-1, next.LockedRound);
        Assert.Throws<InvalidOperationException>(() => record.At(5, 1, ConsensusStep.Precommit, -1, null, -1, null));
        Assert.Throws<ArgumentException>(() => next.WithVote(Signed(VoteType.Prevote, 0, _a.Hash)));
    }

    [Fact]
    public void Encoding_should_round_trip_messages_lock_and_a_valid_value_of_another_block()
    {
        var record = AfterRoundTwo().At(5, 3, ConsensusStep.Precommit, 2, _a, 3, _b);

        var decoded = SigningRecord.Decode(record.Encode());

        Assert.Equal(record.Encode(), decoded.Encode());
        Assert.Equal((5UL, 3U, ConsensusStep.Precommit), (decoded.Height, decoded.Round, decoded.Step));
        Assert.Equal(record.Proposal!.Signature, decoded.Proposal!.Signature);
        Assert.Equal(record.Prevote, decoded.Prevote);
        Assert.Equal(record.Precommit, decoded.Precommit);
        Assert.Equal((2, _a.Hash, 3, _b.Hash), (decoded.LockedRound, decoded.LockedBlock!.Hash, decoded.ValidRound, decoded.ValidBlock!.Hash));
    }

    [Fact]
    public void Encoding_should_write_the_locked_block_once_when_it_is_also_the_valid_block()
    {
        var same = AfterRoundTwo();
        var different = same.At(5, 3, ConsensusStep.Precommit, 2, _a, 3, _b);

        var decoded = SigningRecord.Decode(same.Encode());

        Assert.Same(decoded.ValidBlock, decoded.LockedBlock);
        Assert.True(different.Encode().Length > same.Encode().Length + 100, "the other valid block is written in full");
    }

    [Fact]
    public void Decode_should_refuse_a_stored_vote_of_another_validator_naming_the_field()
    {
        var stranger = _fixture.Others(_key).First();
        var record = Empty.At(5, 2, ConsensusStep.Prevote, -1, null, -1, null) with { Prevote = Vote(stranger, VoteType.Prevote, 5, 2, _a.Hash) };

        var error = Assert.Throws<CanonicalDecodingException>(() => SigningRecord.Decode(record.Encode()));

        Assert.Contains("signing_record.prevote", error.Message);
        Assert.Contains("not by the record's validator", error.Message);
    }

    [Fact]
    public void Decode_should_refuse_a_message_above_the_records_position()
    {
        var record = Empty.At(5, 1, ConsensusStep.Precommit, -1, null, -1, null) with { Prevote = Signed(VoteType.Prevote, 2, _a.Hash) };

        var error = Assert.Throws<CanonicalDecodingException>(() => SigningRecord.Decode(record.Encode()));

        Assert.Contains("above the record's position 5/1/Precommit", error.Message);
    }

    [Fact]
    public void Decode_should_refuse_a_lock_round_above_the_records_round()
    {
        var record = Empty.At(5, 1, ConsensusStep.Precommit, -1, null, -1, null) with { LockedRound = 4, LockedBlock = _a, ValidRound = 4, ValidBlock = _a };

        var error = Assert.Throws<CanonicalDecodingException>(() => SigningRecord.Decode(record.Encode()));

        Assert.Contains("signing_record.locked_round", error.Message);
    }

    [Fact]
    public void Vote_clock_should_not_make_a_vote_different()
    {
        var record = AfterRoundTwo();
        var later = NanoInterval.Around(T0.AddNanoseconds(5_000_000_000), 1_000_000);
        var fresh = Roko.Actors.Ledger.Vote.Create(VoteType.Precommit, ChainId, 5, 2, _a.Hash, later, _key);

        var stored = Assert.IsType<SigningCheck<Vote>.Identical>(record.CheckVote(fresh.Type, fresh.Height, fresh.Round, fresh.BlockHash)).Stored;

        Assert.NotEqual(fresh.Signature, stored.Signature);
        Assert.Equal(record.Precommit!.Signature, stored.Signature);
    }
}
