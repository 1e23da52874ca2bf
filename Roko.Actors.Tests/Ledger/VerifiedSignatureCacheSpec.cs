using Roko.Actors.Ledger;
using Roko.Actors.Primitives;
using Roko.Actors.Tests.Builders;
using Xunit;

namespace Roko.Actors.Tests.Ledger;

public class VerifiedSignatureCacheSpec
{
    private static readonly TestChain Chain = Build.Chain().Funding(Keys.Alice, Amount.FromRoko(1000)).Build();

    private static Transaction Pay(long millis) => Build.Transaction().SignedAt(Moments.AfterGenesis(millis)).Transfer(Keys.Bob, new Amount(1));

    private static Transaction Forged(Transaction good) =>
        new(good.ChainId, good.Signer, good.Timestamp, good.Payload, Keys.Alice.Sign([0]));

    [Fact]
    public void Verify_should_check_an_unknown_signature_once_and_then_answer_from_the_cache()
    {
        var cache = new VerifiedSignatureCache(16);
        var tx = Pay(100);

        Assert.True(cache.Verify(tx));
        Assert.True(cache.Verify(tx));

        Assert.Equal(1, cache.Misses);
        Assert.Equal(1, cache.Hits);
        Assert.True(cache.Contains(tx));
    }

    [Fact]
    public void Verify_should_refuse_and_never_remember_a_bad_signature_even_for_a_known_transaction_id()
    {
        var cache = new VerifiedSignatureCache(16);
        var good = Pay(100);
        Assert.True(cache.Verify(good));
        var forged = Forged(good);
        Assert.Equal(good.Id, forged.Id);

        Assert.False(cache.Verify(forged));
        Assert.False(cache.Verify(forged));

        Assert.False(cache.Contains(forged));
        Assert.Equal(3, cache.Misses);
    }

    [Fact]
    public void Cache_should_stay_within_its_capacity_and_forget_the_oldest_generation_first()
    {
        var cache = new VerifiedSignatureCache(4);
        var txs = Enumerable.Range(1, 5).Select(i => Pay(i)).ToList();
        foreach (var tx in txs) Assert.True(cache.Verify(tx));

        Assert.True(cache.Count <= 4);
        Assert.True(cache.Contains(txs[4]));
        Assert.False(cache.Contains(txs[0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VerifiedSignatureCache(1));
    }

    [Fact]
    public void Apply_should_skip_verifying_cached_signatures_and_still_refuse_an_unknown_bad_one()
    {
        var cache = new VerifiedSignatureCache(16);
        var tx = Pay(100);
        Assert.True(cache.Verify(tx));
        var block = Chain.NextBlock().With(tx).Seal();

        Assert.True(LedgerTransition.Apply(Chain.State, block, cache).IsValid);
        Assert.Equal(1, cache.Misses);
        Assert.Equal(1, cache.Hits);

        var bad = Chain.NextBlock().With(Forged(Pay(200))).Raw();
        var result = LedgerTransition.Apply(Chain.State, bad, cache);
        Assert.Equal(LedgerErrorCode.BadSignature, result.Error?.Code);
    }
}
