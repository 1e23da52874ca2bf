using Roko.Actors.Ledger;
using Roko.Actors.Primitives;
using Roko.Actors.Tests.Builders;
using Xunit;

namespace Roko.Actors.Tests.Ledger;

/// <summary>
/// A decided block whose content this node's consensus round already validated is not executed again when it is
/// committed: only its certificate is checked. Anything that is not that very block on that very tip is applied in full.
/// </summary>
public sealed class ApplyValidatedSpec
{
    private sealed class CountingVerifier : ISignatureVerifier
    {
        public int Calls { get; private set; }

        public bool Verify(Transaction tx)
        {
            Calls++;
            return tx.VerifySignature();
        }
    }

    private static TestChain Chain() =>
        Build.Chain().WithValidators(4).Funding(Keys.Alice, Amount.FromRoko(1000)).Build();

    private static Block BlockWithTransfer(TestChain chain) => chain.NextBlock()
        .With(Build.Transaction().By(Keys.Alice).SignedAt(Moments.AfterGenesis(100)).Transfer(Keys.Bob, Amount.FromRoko(30))).Seal();

    private static LedgerState ValidatedContent(LedgerState tip, Block block)
    {
        var content = LedgerTransition.ApplyContent(tip, block.Header, block.Transactions, block.Encode().Length);
        Assert.True(content.IsValid, content.Error?.ToString());
        return content.State!;
    }

    [Fact]
    public void A_validated_block_on_its_tip_should_be_committed_without_executing_its_transactions_again()
    {
        var chain = Chain();
        var block = BlockWithTransfer(chain);
        var validated = ValidatedContent(chain.State, block);
        var verifier = new CountingVerifier();

        var result = LedgerTransition.ApplyValidated(chain.State, block, validated, verifier);

        Assert.True(result.IsValid, result.Error?.ToString());
        Assert.Same(validated, result.State);
        Assert.Equal(0, verifier.Calls);
        Assert.Equal(LedgerTransition.Apply(chain.State, block).State!.ComputeStateRoot(), result.State!.ComputeStateRoot());
    }

    [Fact]
    public void A_validated_block_should_still_have_its_commit_certificate_checked()
    {
        var chain = Chain();
        var unsigned = chain.NextBlock().SignedBy([.. chain.ValidatorKeys.Take(2)]).Seal();

        var result = LedgerTransition.ApplyValidated(chain.State, unsigned, ValidatedContent(chain.State, unsigned));

        Assert.False(result.IsValid);
        Assert.Equal(LedgerErrorCode.InvalidCommit, result.Error!.Code);
    }

    [Fact]
    public void A_state_validated_for_another_block_should_not_be_trusted_and_the_block_applied_in_full()
    {
        var chain = Chain();
        var block = BlockWithTransfer(chain);
        var other = chain.NextBlock().Seal();
        var verifier = new CountingVerifier();

        var result = LedgerTransition.ApplyValidated(chain.State, block, ValidatedContent(chain.State, other), verifier);

        Assert.True(result.IsValid, result.Error?.ToString());
        Assert.Equal(block.Hash, result.State!.LastBlockHash);
        Assert.Equal(1, verifier.Calls);
    }

    [Fact]
    public void A_block_that_does_not_follow_the_tip_should_be_refused_as_a_full_apply_refuses_it()
    {
        var chain = Chain();
        var first = BlockWithTransfer(chain);
        var validated = ValidatedContent(chain.State, first);
        var advanced = LedgerTransition.Apply(chain.State, first).State!;

        // The store's tip moved on (block sync committed height 1) before the round's decision for height 1 arrived.
        var result = LedgerTransition.ApplyValidated(advanced, first, validated);

        Assert.False(result.IsValid);
        Assert.Equal(LedgerErrorCode.WrongHeight, result.Error!.Code);
    }
}
