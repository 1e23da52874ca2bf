using Roko.Actors.Crypto;
using Roko.Actors.Forks;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;
using Roko.Actors.Tests.Builders;
using Xunit;

namespace Roko.Actors.Tests.Forks;

/// <summary>The fork rule on a chain of four equal validators: two valid certificates for different blocks at one height.</summary>
public sealed class ForkCheckSpec
{
    private readonly TestChain _chain = Build.Chain().WithValidators(4).Build();
    private readonly Block _honest;
    private readonly ValidatorSet _validators;

    public ForkCheckSpec()
    {
        _honest = _chain.NextBlock(_chain.State).Seal();
        _validators = _chain.State.Validators;
    }

    /// <summary>Block 1 with another block time, certified by <paramref name="signers"/>.</summary>
    private CertifiedHeader Conflicting(IEnumerable<SigningKey> signers, uint round = 0)
    {
        var header = Headers.With(_honest.Header, blockTime: _honest.Header.BlockTime.AddNanoseconds(1));
        return new CertifiedHeader(header, BlockBuilder.Commit(header, signers, round));
    }

    private CertifiedHeader Honest => CertifiedHeader.Of(_honest);

    [Fact]
    public void Fork_check_should_find_a_fork_when_two_quorums_certify_different_blocks_at_one_height()
    {
        var other = Conflicting(_chain.ValidatorKeys.Skip(1), round: 1);

        var verdict = ForkCheck.Check(Honest, other, _validators);

        Assert.True(verdict.IsFork, verdict.Detail);
        var evidence = verdict.Evidence!;
        Assert.Equal(1UL, evidence.Height);
        Assert.Equal(new[] { Honest.Hash, other.Hash }.Order(), new[] { evidence.First.Hash, evidence.Second.Hash });
        Assert.Equal(_chain.ValidatorKeys.Skip(1).Select(k => k.PublicKey).Order(), evidence.SignedBoth);
        Assert.Null(ForkCheck.Verify(evidence));
    }

    [Fact]
    public void Fork_check_should_dismiss_a_candidate_whose_certificate_lacks_two_thirds_of_the_stake()
    {
        var verdict = ForkCheck.Check(Honest, Conflicting(_chain.ValidatorKeys.Take(2)), _validators);

        Assert.Equal(ForkDismissal.CandidateInvalid, verdict.Dismissal);
        Assert.Contains("not more than two thirds", verdict.Detail);
    }

    [Fact]
    public void Fork_check_should_dismiss_a_candidate_signed_by_keys_outside_the_validator_set()
    {
        var outsiders = Enumerable.Range(0, 4).Select(i => SigningKey.FromSeed($"outsider-{i}"));

        var verdict = ForkCheck.Check(Honest, Conflicting(outsiders), _validators);

        Assert.Equal(ForkDismissal.CandidateInvalid, verdict.Dismissal);
        Assert.Contains("is not in the validator set", verdict.Detail);
    }

    [Fact]
    public void Fork_check_should_dismiss_the_same_block_another_height_and_another_chain()
    {
        Assert.Equal(ForkDismissal.SameBlock, ForkCheck.Check(Honest, Honest, _validators).Dismissal);
        var higher = Headers.With(_honest.Header, height: 2);
        Assert.Equal(ForkDismissal.OtherHeight,
            ForkCheck.Check(Honest, new CertifiedHeader(higher, BlockBuilder.Commit(higher, _chain.ValidatorKeys)), _validators).Dismissal);
        var elsewhere = Headers.With(_honest.Header, chainId: "another-chain");
        Assert.Equal(ForkDismissal.OtherChain,
            ForkCheck.Check(Honest, new CertifiedHeader(elsewhere, BlockBuilder.Commit(elsewhere, _chain.ValidatorKeys)), _validators).Dismissal);
    }

    [Fact]
    public void Fork_check_should_dismiss_a_pair_whose_known_side_is_not_proven()
    {
        var unproven = Honest with { Commit = BlockBuilder.Commit(_honest.Header, _chain.ValidatorKeys.Take(1)) };

        Assert.Equal(ForkDismissal.KnownInvalid, ForkCheck.Check(unproven, Conflicting(_chain.ValidatorKeys), _validators).Dismissal);
    }

    [Fact]
    public void Fork_evidence_should_round_trip_its_canonical_encoding_whichever_side_was_known()
    {
        var other = Conflicting(_chain.ValidatorKeys.Take(3));
        var one = ForkCheck.Check(Honest, other, _validators).Evidence!;
        var two = ForkCheck.Check(other, Honest, _validators).Evidence!;

        Assert.Equal(one.Encode(), two.Encode());
        var decoded = ForkEvidence.Decode(one.Encode());
        Assert.Equal(one.Encode(), decoded.Encode());
        Assert.True(decoded.SameForkAs(one));
        Assert.Equal((byte)CanonicalTag.ForkEvidence, one.Encode()[0]);
    }

    [Fact]
    public void Fork_evidence_should_refuse_to_decode_a_pair_out_of_canonical_order()
    {
        var evidence = ForkCheck.Check(Honest, Conflicting(_chain.ValidatorKeys.Take(3)), _validators).Evidence!;
        var writer = new CanonicalWriter().Header(CanonicalTag.ForkEvidence, ForkEvidence.Version);
        foreach (var side in new[] { evidence.Second, evidence.First })
        {
            side.Header.WriteTo(writer);
            side.Commit.WriteTo(writer);
        }
        writer.WriteBytes(Roko.Actors.LightClient.LightBlockEncoding.EncodeValidators(_validators));

        var e = Assert.Throws<CanonicalDecodingException>(() => ForkEvidence.Decode(writer.ToArray()));
        Assert.Equal("fork.second", e.Field);
    }

    [Fact]
    public void Fork_record_should_keep_each_fork_once_and_hold_signing_until_resumed()
    {
        var evidence = ForkCheck.Check(Honest, Conflicting(_chain.ValidatorKeys.Take(3)), _validators).Evidence!;
        var at = NanoMoment.FromDateTime(new DateTime(2026, 12, 6, 0, 0, 0, DateTimeKind.Utc));
        var record = ForkRecord.Empty.Apply(new ForkDetected(evidence, "gossip", at)).Apply(new ForkDetected(evidence, "block sync", at));

        Assert.Single(record.Forks);
        Assert.Equal(1, record.Unresolved);
        Assert.Contains("height 1", record.HoldReason);
        var resumed = record.Apply(new SigningResumed(1, "checked with the other operators", at));
        Assert.Equal(0, resumed.Unresolved);
        Assert.Null(resumed.HoldReason);
        Assert.Equal(resumed.Forks, record.Forks);
    }

    [Fact]
    public void Fork_journal_events_should_round_trip_their_encoding()
    {
        var evidence = ForkCheck.Check(Honest, Conflicting(_chain.ValidatorKeys.Take(3)), _validators).Evidence!;
        var at = NanoMoment.FromDateTime(new DateTime(2026, 12, 6, 0, 0, 0, DateTimeKind.Utc));
        var detected = new ForkDetected(evidence, "gossip from akka.tcp://roko@127.0.0.1:1", at);
        var resumed = new SigningResumed(1, "resolved", at);

        var back = ForkDetected.Decode(detected.Encode());
        Assert.True(back.Evidence.SameForkAs(evidence));
        Assert.Equal(detected.Source, back.Source);
        Assert.Equal(at, back.DetectedAt);
        Assert.Equal(resumed, SigningResumed.Decode(resumed.Encode()));
    }
}
