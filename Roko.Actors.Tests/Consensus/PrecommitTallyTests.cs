using Roko.Actors.Consensus;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Tests.Builders;
using Xunit;

namespace Roko.Actors.Tests.Consensus;

/// <summary>A block certified by three of four validators; the fourth validator's precommit arrives after the certificate formed.</summary>
public sealed class PrecommitTallyTests
{
    private readonly TestChain _chain = Build.Chain().WithValidators(4).Build();
    private readonly Block _block;
    private readonly SigningKey _late;

    public PrecommitTallyTests()
    {
        _block = _chain.NextBlock(_chain.State).SignedBy([.. _chain.ValidatorKeys.Take(3)]).Seal();
        _late = _chain.ValidatorKeys[3];
    }

    private Vote Precommit(SigningKey key, ulong? height = null, Roko.Actors.Primitives.Hash32? block = null, VoteType type = VoteType.Precommit, uint round = 0) =>
        Vote.Create(type, _block.Header.ChainId, height ?? _block.Height, round, block ?? _block.Hash,
            NanoInterval.Around(_block.Header.BlockTime, Moments.Millis(1)), key);

    [Fact]
    public void Tally_should_start_from_the_certificate_and_count_a_late_precommit_for_the_same_block()
    {
        var tally = PrecommitTally.Of(_block, _chain.State.Validators);
        Assert.Equal(0.75, tally.Participation.Ratio, precision: 12);
        Assert.Equal([_late.PublicKey], tally.Participation.Missing.Select(v => v.Key));

        var complete = tally.With(Precommit(_late, round: 1));

        Assert.Equal(1.0, complete.Participation.Ratio, precision: 12);
        Assert.Empty(complete.Participation.Missing);
    }

    [Fact]
    public void Tally_should_ignore_prevotes_other_blocks_other_heights_outsiders_and_bad_signatures()
    {
        var tally = PrecommitTally.Of(_block, _chain.State.Validators);
        var forged = Precommit(_late) with { Signature = Precommit(_chain.ValidatorKeys[0]).Signature };

        foreach (var vote in new[]
                 {
                     Precommit(_late, type: VoteType.Prevote), Precommit(_late, block: Sha256.Hash([1])), Precommit(_late, height: 2),
                     Precommit(SigningKey.FromSeed("outsider")), forged,
                 })
            Assert.Same(tally, tally.With(vote));
    }
}
