using Roko.Actors.Crypto;
using Roko.Actors.Ledger;
using Roko.Actors.Sync;
using Roko.Actors.Tests.Builders;
using Xunit;

namespace Roko.Actors.Tests.Sync;

public sealed class SyncedBlockCheckSpec
{
    private readonly TestChain _chain = Build.Chain().WithValidators(4).Build();

    [Fact]
    public void Check_should_pass_an_honest_next_block()
    {
        Assert.Null(SyncedBlockCheck.Check(_chain.State, _chain.NextBlock().Seal()));
    }

    [Fact]
    public void Check_should_refuse_a_forged_certificate_signed_by_non_validators()
    {
        var block = _chain.NextBlock().Seal();
        var forged = block with { Commit = BlockBuilder.Commit(block.Header, Enumerable.Range(10, 4).Select(Keys.Validator)) };
        var refusal = SyncedBlockCheck.Check(_chain.State, forged);
        Assert.Equal(SyncRefusalReason.InvalidCommit, refusal?.Reason);
        Assert.Contains("not in the validator set", refusal!.Detail);
        Assert.Equal(1UL, refusal.Height);
    }

    [Fact]
    public void Check_should_refuse_a_certificate_with_too_little_stake()
    {
        var block = _chain.NextBlock().SignedBy([.. _chain.ValidatorKeys.Take(2)]).Seal();
        var refusal = SyncedBlockCheck.Check(_chain.State, block);
        Assert.Equal(SyncRefusalReason.InvalidCommit, refusal?.Reason);
        Assert.Contains("not more than two thirds", refusal!.Detail);
    }

    [Fact]
    public void Check_should_refuse_validators_precommits_that_were_signed_for_another_block()
    {
        var block = _chain.NextBlock().Seal();
        var other = _chain.NextBlock().At(block.Header.BlockTime.AddNanoseconds(1)).Seal();
        Assert.NotEqual(block.Hash, other.Hash);
        // All four validators' genuine precommits for the other block, presented as the certificate of this one.
        var forged = block with { Commit = other.Commit with { BlockHash = block.Hash } };
        var refusal = SyncedBlockCheck.Check(_chain.State, forged);
        Assert.Equal(SyncRefusalReason.InvalidCommit, refusal?.Reason);
        Assert.Contains("bad precommit signature", refusal!.Detail);
        // Left naming the other block, the certificate is refused for that.
        Assert.Contains("certificate is for block", SyncedBlockCheck.Check(_chain.State, block with { Commit = other.Commit })!.Detail);
    }

    [Fact]
    public void Check_should_refuse_wrong_heights_links_and_validator_sets()
    {
        var first = _chain.NextBlock().Seal();
        var after = LedgerTransition.Apply(_chain.State, first).State!;
        var second = _chain.NextBlock(after).Seal();
        Assert.Equal(SyncRefusalReason.WrongHeight, SyncedBlockCheck.Check(_chain.State, second)?.Reason);
        var unlinked = _chain.NextBlock().RawWith(h => Headers.With(h, previousHash: Sha256.Hash([1])));
        Assert.Equal(SyncRefusalReason.BrokenHashLink, SyncedBlockCheck.Check(_chain.State, unlinked)?.Reason);
        var otherSet = _chain.NextBlock().RawWith(h => Headers.With(h, validatorSetHash: Sha256.Hash([2])));
        Assert.Equal(SyncRefusalReason.WrongValidatorSet, SyncedBlockCheck.Check(_chain.State, otherSet)?.Reason);
    }
}
