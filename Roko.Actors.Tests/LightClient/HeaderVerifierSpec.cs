using System.Collections.Immutable;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.LightClient;
using Roko.Actors.Primitives;
using Roko.Actors.Tests.Builders;
using Xunit;

namespace Roko.Actors.Tests.LightClient;

/// <summary>A chain of empty blocks signed by four validators; the light client verifies its headers.</summary>
public sealed class HeaderVerifierSpec
{
    private static readonly LightClientSettings Settings = new(TimeSpan.FromDays(7), TimeSpan.FromSeconds(10));
    private readonly TestChain _chain = Build.Chain().WithValidators(4).Build();
    private readonly List<(Block Block, ValidatorSet Validators)> _blocks = [];

    public HeaderVerifierSpec()
    {
        var state = _chain.State;
        for (int i = 0; i < 12; i++)
        {
            var block = _chain.NextBlock(state).Seal();
            _blocks.Add((block, state.Validators));
            state = LedgerTransition.Apply(state, block).State!;
        }
    }

    private LightBlock At(ulong height) => LightBlock.Of(_blocks[(int)height - 1].Block, _blocks[(int)height - 1].Validators);
    private TrustedState Trusted(ulong height) => new(At(height));
    private NanoMoment Now => _blocks[^1].Block.Header.BlockTime.AddNanoseconds(Moments.Seconds(1));

    private static LightBlock Resigned(LightBlock b, Func<BlockHeader, BlockHeader> change, IEnumerable<SigningKey> signers)
    {
        var header = change(b.Header);
        return b with { Header = header, Commit = BlockBuilder.Commit(header, signers) };
    }

    private LightRefusalReason? Reason(TrustedState trusted, LightBlock block) => HeaderVerifier.Verify(trusted, block, Now, Settings)?.Reason;

    [Fact]
    public void Sequential_verification_should_accept_the_next_honest_header()
    {
        for (ulong h = 1; h < 12; h++) Assert.Null(HeaderVerifier.Verify(Trusted(h), At(h + 1), Now, Settings));
    }

    [Fact]
    public void Skipping_verification_should_accept_a_far_header_signed_by_the_trusted_set()
    {
        Assert.Null(HeaderVerifier.Verify(Trusted(1), At(12), Now, Settings));
    }

    [Fact]
    public void Verifier_should_refuse_a_broken_hash_link()
    {
        var forged = Resigned(At(4), h => Headers.With(h, previousHash: Sha256.Hash([9])), _chain.ValidatorKeys);
        Assert.Equal(LightRefusalReason.BrokenHashLink, Reason(Trusted(3), forged));
    }

    [Fact]
    public void Verifier_should_refuse_headers_signed_by_non_validators()
    {
        var outsiders = Enumerable.Range(10, 4).Select(Keys.Validator).ToList();
        var forged = At(4) with { Commit = BlockBuilder.Commit(At(4).Header, outsiders) };
        var refusal = HeaderVerifier.Verify(Trusted(3), forged, Now, Settings);
        Assert.Equal(LightRefusalReason.UnknownSigner, refusal?.Reason);
        Assert.Contains("not in the validator set", refusal!.Detail);
    }

    [Fact]
    public void Verifier_should_refuse_too_little_stake()
    {
        var weak = At(4) with { Commit = BlockBuilder.Commit(At(4).Header, _chain.ValidatorKeys.Take(2)) };
        Assert.Equal(LightRefusalReason.NotEnoughStake, Reason(Trusted(3), weak));
    }

    [Fact]
    public void Verifier_should_refuse_a_bad_signature()
    {
        var commit = At(4).Commit;
        var first = commit.Signatures[0];
        var other = BlockBuilder.Commit(At(5).Header, _chain.ValidatorKeys).Signatures.Single(s => s.Validator == first.Validator);
        var tampered = At(4) with { Commit = commit with { Signatures = commit.Signatures.SetItem(0, first with { Signature = other.Signature }) } };
        Assert.Equal(LightRefusalReason.BadSignature, Reason(Trusted(3), tampered));
    }

    [Fact]
    public void Verifier_should_refuse_a_wrong_validator_set_hash()
    {
        var forged = Resigned(At(4), h => Headers.With(h, validatorSetHash: Sha256.Hash([7])), _chain.ValidatorKeys);
        Assert.Equal(LightRefusalReason.WrongValidatorSetHash, Reason(Trusted(3), forged));
    }

    [Fact]
    public void Verifier_should_refuse_a_served_validator_set_that_differs_from_the_header()
    {
        var smaller = new ValidatorSet(At(4).Validators.Validators.Take(2));
        Assert.Equal(LightRefusalReason.WrongValidatorSetHash, Reason(Trusted(3), At(4) with { Validators = smaller }));
    }

    [Fact]
    public void Verifier_should_refuse_a_certificate_for_another_block()
    {
        Assert.Equal(LightRefusalReason.CommitForOtherBlock, Reason(Trusted(3), At(4) with { Commit = At(5).Commit }));
    }

    [Fact]
    public void Verifier_should_refuse_old_heights_other_chains_and_headers_from_the_future()
    {
        Assert.Equal(LightRefusalReason.NotNewer, Reason(Trusted(5), At(5)));
        Assert.Equal(LightRefusalReason.NotNewer, Reason(Trusted(5), At(3)));
        var otherChain = Resigned(At(6), h => Headers.With(h, chainId: "other"), _chain.ValidatorKeys);
        Assert.Equal(LightRefusalReason.WrongChain, Reason(Trusted(5), otherChain));
        var early = At(6).Header.BlockTime.AddNanoseconds(-Moments.Seconds(11));
        Assert.Equal(LightRefusalReason.HeaderFromFuture, HeaderVerifier.Verify(Trusted(5), At(6), early, Settings)?.Reason);
        var backwards = Resigned(At(6), h => Headers.With(h, blockTime: At(5).Header.BlockTime), _chain.ValidatorKeys);
        Assert.Equal(LightRefusalReason.TimeNotAdvancing, Reason(Trusted(5), backwards));
    }

    [Fact]
    public void Verifier_should_refuse_anything_once_the_trusting_period_is_over()
    {
        var later = Trusted(5).Time.Add(TimeSpan.FromDays(7));
        Assert.Equal(LightRefusalReason.TrustedStateExpired, HeaderVerifier.Verify(Trusted(5), At(6), later, Settings)?.Reason);
        Assert.Null(HeaderVerifier.Verify(Trusted(5), At(6), later.AddNanoseconds(-1), Settings));
    }

    [Fact]
    public void A_new_validator_set_should_need_more_than_a_third_of_the_trusted_stake()
    {
        // Height 4 claims a set of four new validators that signed it themselves (a valid 2/3 of their own set).
        var newKeys = Enumerable.Range(20, 4).Select(Keys.Validator).ToList();
        var newSet = new ValidatorSet(newKeys.Select(k => new Validator(k.PublicKey, Amount.FromRoko(1_000), "eu")));
        var takeover = Resigned(At(4), h => Headers.With(h, validatorSetHash: newSet.Hash), newKeys) with { Validators = newSet };
        Assert.Equal(LightRefusalReason.NotEnoughTrustedStake, Reason(Trusted(3), takeover));

        // The same change vouched for by two of the four trusted validators (half the trusted stake) is accepted.
        var mixedKeys = newKeys.Take(2).Concat(_chain.ValidatorKeys.Take(2)).ToList();
        var mixedSet = new ValidatorSet(mixedKeys.Select(k => new Validator(k.PublicKey, Amount.FromRoko(1_000), "eu")));
        var handover = Resigned(At(4), h => Headers.With(h, validatorSetHash: mixedSet.Hash), mixedKeys.OrderBy(k => k.PublicKey)) with { Validators = mixedSet };
        Assert.Null(HeaderVerifier.Verify(Trusted(3), handover, Now, Settings));
    }

    [Fact]
    public void Skipping_should_refuse_a_far_header_with_a_third_or_less_of_the_trusted_stake()
    {
        // One trusted validator of four (25 %) among three strangers: valid for its own set, not enough trust to skip.
        var keys = Enumerable.Range(30, 3).Select(Keys.Validator).Append(_chain.ValidatorKeys[0]).ToList();
        var set = new ValidatorSet(keys.Select(k => new Validator(k.PublicKey, Amount.FromRoko(1_000), "eu")));
        var far = Resigned(At(10), h => Headers.With(h, validatorSetHash: set.Hash), keys) with { Validators = set };
        Assert.Equal(LightRefusalReason.NotEnoughTrustedStake, Reason(Trusted(2), far));
    }

    [Fact]
    public void Bisection_should_reach_the_target_and_stop_at_a_forged_header_with_its_reason()
    {
        var outcome = Bisection.VerifyTo(Trusted(1), 12, At, Now, Settings);
        Assert.True(outcome.Reached(12), outcome.Refusal?.ToString());
        Assert.Equal(At(12).Header.Hash, outcome.Trusted.Header.Hash);

        var forged = Resigned(At(12), h => Headers.With(h, stateRoot: Sha256.Hash([1])), _chain.ValidatorKeys.Take(2));
        var refused = Bisection.VerifyTo(Trusted(1), 12, h => h == 12 ? forged : At(h), Now, Settings);
        Assert.Equal(LightRefusalReason.NotEnoughStake, refused.Refusal?.Reason);
        Assert.Equal(1UL, refused.Trusted.Height);

        var missing = Bisection.VerifyTo(Trusted(1), 12, _ => null, Now, Settings);
        Assert.Equal(LightRefusalReason.MissingBlock, missing.Refusal?.Reason);
    }

    [Fact]
    public void Bisection_should_verify_a_pivot_first_when_the_trusted_set_changed_too_much()
    {
        // From height 6 on the set is {v0, v1, n0, n1}: reached from height 1 only through a header both sets sign.
        var newKeys = new[] { Keys.Validator(40), Keys.Validator(41) };
        var laterKeys = _chain.ValidatorKeys.Take(2).Concat(newKeys).OrderBy(k => k.PublicKey).ToList();
        var laterSet = new ValidatorSet(laterKeys.Select(k => new Validator(k.PublicKey, Amount.FromRoko(1_000), "eu")));
        var finalKeys = newKeys.Concat([Keys.Validator(42), Keys.Validator(43)]).OrderBy(k => k.PublicKey).ToList();
        var finalSet = new ValidatorSet(finalKeys.Select(k => new Validator(k.PublicKey, Amount.FromRoko(1_000), "eu")));
        LightBlock Served(ulong h) => h switch
        {
            < 6 => At(h),
            < 10 => Resigned(At(h), x => Headers.With(x, validatorSetHash: laterSet.Hash), laterKeys) with { Validators = laterSet },
            _ => Resigned(At(h), x => Headers.With(x, validatorSetHash: finalSet.Hash), finalKeys) with { Validators = finalSet },
        };
        var asked = new List<ulong>();
        var outcome = Bisection.VerifyTo(Trusted(1), 12, h => { asked.Add(h); return Served(h); }, Now, Settings);
        Assert.True(outcome.Reached(12), outcome.Refusal?.ToString());
        Assert.Equal(12UL, asked[0]);
        Assert.True(asked.Count > 2, string.Join(",", asked));
    }

    [Fact]
    public void Witness_cross_check_should_detect_a_lying_primary()
    {
        // The primary serves a header at height 6 that the validators also signed (equivocation): both verify.
        var lie = Resigned(At(6), h => Headers.With(h, stateRoot: Sha256.Hash([42])), _chain.ValidatorKeys);
        Assert.Null(HeaderVerifier.Verify(Trusted(5), lie, Now, Settings));
        var outcome = WitnessCrossCheck.Check(Trusted(5), lie, [("w1", At(6)), ("w2", null)], Now, Settings);
        Assert.Equal(LightRefusalReason.ConflictingWitness, outcome.Refusal?.Reason);
        Assert.Contains("w1", outcome.Refusal!.Detail);
        Assert.Equal(At(6).Header.Hash, outcome.Conflicting!.Header.Hash);
    }

    [Fact]
    public void Witness_cross_check_should_agree_with_honest_witnesses_and_mark_a_lying_witness_faulty()
    {
        var forged = Resigned(At(6), h => Headers.With(h, stateRoot: Sha256.Hash([42])), _chain.ValidatorKeys.Take(2));
        var outcome = WitnessCrossCheck.Check(Trusted(5), At(6), [("w1", At(6)), ("w2", forged), ("w3", null)], Now, Settings);
        Assert.Null(outcome.Refusal);
        Assert.Equal(["w1"], outcome.Agreeing);
        Assert.Equal("w2", Assert.Single(outcome.Faulty).Witness);
        Assert.Equal(LightRefusalReason.NotEnoughStake, outcome.Faulty[0].Why.Reason);
        Assert.Equal(["w3"], outcome.Silent);
    }

    [Fact]
    public void Withholding_should_be_found_only_beyond_the_tolerance_above_the_primarys_head()
    {
        Assert.Null(WitnessCrossCheck.Withholding(primaryHead: 10, provenHeight: 13, "w1", tolerance: 3));
        var refusal = WitnessCrossCheck.Withholding(primaryHead: 10, provenHeight: 14, "w1", tolerance: 3);
        Assert.Equal(LightRefusalReason.WithholdingPrimary, refusal?.Reason);
        Assert.Contains("w1", refusal!.Detail);
        Assert.Contains("14", refusal.Detail);
    }

    [Fact]
    public void Balance_proofs_should_verify_against_a_verified_state_root()
    {
        var state = _chain.State;
        var block = At(1);
        Assert.Null(HeaderVerifier.Verify(Trusted(1), At(2), Now, Settings));
        var proof = LedgerTransition.Apply(state, _blocks[0].Block).State!.ProveAccount(Keys.Alice.PublicKey.ToAddress());
        Assert.True(proof.Verify(block.Header.StateRoot));
        Assert.False((proof with { Balance = new Amount(1) }).Verify(block.Header.StateRoot));
    }

    [Fact]
    public void Settings_should_be_read_from_hocon_and_name_a_bad_key()
    {
        var settings = LightClientSettings.Create(Roko.Actors.Nodes.RokoConfig.Defaults);
        Assert.Equal(TimeSpan.FromDays(7), settings.TrustingPeriod);
        var bad = Akka.Configuration.ConfigurationFactory.ParseString("roko.light.trusting-period = 0s").WithFallback(Roko.Actors.Nodes.RokoConfig.Defaults);
        var e = Assert.Throws<Roko.Actors.Hardware.Configuration.InvalidSettingException>(() => LightClientSettings.Create(bad));
        Assert.Equal("roko.light.trusting-period", e.Key);
        Assert.Contains("roko.light.trusting-period", e.Message);
    }
}
