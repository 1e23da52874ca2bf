using Roko.Actors.Ledger;
using Roko.Actors.Primitives;
using Roko.Actors.Tests.Builders;
using Roko.Actors.Tests.Ledger;
using Roko.Actors.Verification;
using Xunit;

namespace Roko.Actors.Tests.Verification;

/// <summary><see cref="ChainVerifier"/> replays stake changes and committed evidence with the same rules as the nodes.</summary>
public sealed class StakingChainVerifyTests
{
    private static (TestChain Chain, List<Block> Blocks) StakeThenSlash()
    {
        var chain = Build.Chain().WithValidators(4).Funding(Keys.Alice, Amount.FromRoko(5000)).Build();
        var blocks = new List<Block>();
        var state = chain.State;
        void Add(Block block)
        {
            blocks.Add(block);
            state = LedgerTransition.Apply(state, block).State!;
        }
        Add(chain.NextBlock(state).With(Build.Transaction().By(Keys.Alice).SignedAt(Moments.AfterGenesis(100)).Stake(Amount.FromRoko(2000))).Seal());
        Add(chain.NextBlock(state).With(Build.Transaction().By(Keys.Bob).SignedAt(Moments.AfterGenesis(1500))
            .With(new EvidencePayload(EvidenceSpec.Equivocation(chain.ValidatorKeys[3])))).Seal());
        Add(chain.NextBlock(state).SignedBy([.. chain.ValidatorKeys.Take(3)]).Seal());
        return (chain, blocks);
    }

    private static IEnumerable<(long, Block?, string?)> Journal(IEnumerable<Block> blocks) =>
        blocks.Select((b, i) => ((long)i + 1, (Block?)b, (string?)null));

    [Fact]
    public void Verify_should_accept_a_chain_with_a_stake_change_and_committed_evidence()
    {
        var (chain, blocks) = StakeThenSlash();

        var verdict = ChainVerifier.Verify("staking", chain.Genesis, Journal(blocks));

        Assert.True(verdict.IsValid, verdict.ToString());
        Assert.Equal(3UL, verdict.VerifiedHeight);
    }

    [Fact]
    public void Verify_should_name_a_block_signed_by_a_slashed_validator_after_its_removal()
    {
        var (chain, blocks) = StakeThenSlash();
        var state = blocks.Take(2).Aggregate(chain.State, (s, b) => LedgerTransition.Apply(s, b).State!);
        blocks[2] = chain.NextBlock(state).SignedBy([.. chain.ValidatorKeys]).Seal();

        var verdict = ChainVerifier.Verify("staking", chain.Genesis, Journal(blocks));

        Assert.False(verdict.IsValid);
        Assert.Equal(3UL, verdict.BadHeight);
        Assert.Contains("InvalidCommit", verdict.Problem);
    }
}
