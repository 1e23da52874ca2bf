using Roko.Actors.Archive;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;
using Roko.Actors.Tests.Builders;
using Xunit;

namespace Roko.Actors.Tests.Archive;

public sealed class ArchiveProjectionSpec
{
    private static readonly ArchiveTestChain Chain = new(6);
    private static Address Alice => Keys.Alice.PublicKey.ToAddress();
    private static Address Bob => Keys.Bob.PublicKey.ToAddress();
    private static Address Carol => Keys.Carol.PublicKey.ToAddress();

    [Fact]
    public void Genesis_should_record_every_funded_account_and_stake_as_a_change_from_nothing_and_the_first_validators()
    {
        var rows = ArchiveProjection.Genesis(Chain.States[0]);
        Assert.Null(rows.Block);
        Assert.Empty(rows.Transactions);
        Assert.Equal(0UL, rows.Height);
        var alice = Assert.Single(rows.AccountChanges, c => c.Address == Alice);
        Assert.Equal((Amount.Zero, Amount.FromRoko(100_000)), (alice.BalanceBefore, alice.BalanceAfter));
        var validator = Assert.Single(rows.AccountChanges, c => c.Address == Keys.Validator(0).PublicKey.ToAddress());
        Assert.Equal(Amount.Zero, validator.StakeBefore);
        Assert.True(validator.StakeAfter > Amount.Zero);
        Assert.Equal(1UL, rows.NextValidators!.FromHeight);
        Assert.Equal(Chain.States[0].Validators.Hash, rows.NextValidators.Hash);
        Assert.Equal(2, rows.NextValidators.Members.Length);
    }

    [Fact]
    public void Project_should_give_block_transaction_change_and_signature_rows_of_a_committed_block()
    {
        var block = Chain[3];
        var (rows, error) = ArchiveProjection.Project(Chain.States[2], block);
        Assert.Null(error);
        Assert.Equal(block.Hash, rows!.Block!.Hash);
        Assert.Equal(3UL, rows.Block.Height);
        Assert.Equal(block.Encode(), rows.Block.Encoded);
        Assert.Equal([0, 1], rows.Transactions.Select(t => t.Position));
        Assert.Equal(block.Transactions.Select(t => t.Id), rows.Transactions.Select(t => t.Id));
        Assert.Equal(Bob, rows.Transactions[0].Recipient);
        Assert.Equal(Amount.FromRoko(3), rows.Transactions[0].Amount);
        var bob = Assert.Single(rows.AccountChanges, c => c.Address == Bob);
        Assert.Equal(Chain.States[2].BalanceOf(Bob), bob.BalanceBefore);
        Assert.Equal(Chain.States[3].BalanceOf(Bob), bob.BalanceAfter);
        Assert.Equal(new[] { Alice, Bob, Carol }.Order(), rows.AccountChanges.Select(c => c.Address));
        Assert.Equal(2, rows.Signatures.Length);
        Assert.All(rows.Signatures, s => Assert.Equal(Chain.States[2].Validators.Find(s.Validator)!.Stake, s.Stake));
        Assert.Null(rows.NextValidators);
        Assert.Equal(Chain.States[3], rows.After);
    }

    [Fact]
    public void Project_should_record_a_stake_change_and_the_validator_set_it_brings_two_heights_later()
    {
        var (rows, error) = ArchiveProjection.Project(Chain.States[3], Chain[4]);
        Assert.Null(error);
        var carol = Assert.Single(rows!.AccountChanges, c => c.Address == Carol);
        Assert.Equal((Amount.Zero, ArchiveTestChain.ValidatorMinimum), (carol.StakeBefore, carol.StakeAfter));
        Assert.Equal(carol.BalanceBefore - ArchiveTestChain.ValidatorMinimum, carol.BalanceAfter);
        Assert.Null(rows.NextValidators); // a stake in block 4 changes the set of height 6 (docs/consensus.md)

        var (fifth, fifthError) = ArchiveProjection.Project(Chain.States[4], Chain[5]);
        Assert.Null(fifthError);
        Assert.Equal(6UL, fifth!.NextValidators!.FromHeight);
        Assert.Contains(fifth.NextValidators.Members, v => v.Key == Keys.Carol.PublicKey && v.Region == "na");
        Assert.Equal(Chain.States[5].Validators.Hash, fifth.NextValidators.Hash);
    }

    [Fact]
    public void Project_should_refuse_a_block_that_does_not_follow_the_projected_state()
    {
        var (rows, error) = ArchiveProjection.Project(Chain.States[1], Chain[3]);
        Assert.Null(rows);
        Assert.Contains("block 3 does not follow the indexed chain at height 1", error);
    }

    [Fact]
    public void Project_should_carry_the_state_forward_exactly_as_the_ledger_transition_does()
    {
        var state = ArchiveProjection.Genesis(Chain.States[0]).After;
        foreach (var block in Chain.Blocks)
        {
            var (rows, error) = ArchiveProjection.Project(state, block);
            Assert.Null(error);
            state = rows!.After;
            Assert.Equal(Chain.States[(int)block.Height], state);
        }
    }

    [Fact]
    public void FinalizedAt_should_be_the_latest_clock_edge_of_the_signer_that_completes_the_quorum()
    {
        var chain = Build.Chain().WithValidators(4).Build();
        var header = chain.NextBlock().Assemble().Header;
        var t = header.BlockTime;
        // Signers' latest edges at +1, +2, +3 and +4 ms: with equal stakes three of four (> 2/3) complete the quorum at +3 ms.
        var votes = Enumerable.Range(0, 4).Select(i => Vote.Create(VoteType.Precommit, header.ChainId, header.Height, 0, header.Hash,
            new Roko.Actors.Hardware.Time.NanoInterval(t, t.AddNanoseconds(Moments.Millis(i + 1))), chain.ValidatorKeys[i]));
        var commit = CommitCertificate.FromVotes(header.Height, 0, header.Hash, votes);
        Assert.Equal(t.AddNanoseconds(Moments.Millis(3)), TemporalProof.FinalizedAt(commit, chain.State.Validators));
    }
}
