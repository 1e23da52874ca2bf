using Roko.Actors.Ledger;
using Roko.Actors.Primitives;
using Roko.Actors.Tests.Builders;
using Xunit;

namespace Roko.Actors.Tests.Ledger;

public sealed class TransactionBatchSpec
{
    private static Transaction Pay(long millis) =>
        Build.Transaction().By(Keys.Alice).SignedAt(Moments.AfterGenesis(millis)).Transfer(Keys.Bob, Amount.FromRoko(1));

    private static CanonicalDecodingException Refused(byte[] bytes) =>
        Assert.Throws<CanonicalDecodingException>(() => TransactionBatch.Decode(bytes));

    [Fact]
    public void A_batch_should_survive_an_encode_decode_round_trip_in_order()
    {
        var txs = Enumerable.Range(1, 5).Select(i => Pay(i)).ToArray();

        var decoded = TransactionBatch.Decode(TransactionBatch.Encode(txs));

        Assert.Equal(txs, decoded.ToArray());
        Assert.All(decoded, tx => Assert.True(tx.VerifySignature()));
    }

    [Fact]
    public void One_transaction_should_travel_in_its_own_encoding_so_a_node_without_batches_reads_it()
    {
        var tx = Pay(1);

        Assert.Equal(tx.Encode(), TransactionBatch.Encode([tx]));
        Assert.Equal(new[] { tx }, TransactionBatch.Decode(tx.Encode()).ToArray());
    }

    [Fact]
    public void Encode_should_refuse_an_empty_batch_and_one_above_the_limit()
    {
        Assert.Throws<ArgumentException>(() => TransactionBatch.Encode([]));
        var tooMany = Enumerable.Repeat(Pay(1), TransactionBatch.MaxTransactions + 1).ToArray();
        Assert.Contains($"at most {TransactionBatch.MaxTransactions}", Assert.Throws<ArgumentException>(() => TransactionBatch.Encode(tooMany)).Message);
    }

    [Fact]
    public void Decode_should_refuse_every_truncation_trailing_bytes_and_an_empty_payload()
    {
        var bytes = TransactionBatch.Encode([Pay(1), Pay(2)]);
        for (int length = 0; length < bytes.Length; length++) Refused(bytes[..length]);
        Assert.Contains("trailing", Refused([.. bytes, 0]).Reason);
    }

    [Fact]
    public void Decode_should_name_the_element_that_does_not_decode()
    {
        var bytes = TransactionBatch.Encode([Pay(1), Pay(2)]);
        int second = 2 + 4 + Pay(1).Encode().Length; // header, count, first transaction
        bytes[second] = 0x7F; // not a transaction's tag

        Assert.StartsWith("transactions[1]", Refused(bytes).Field);
    }

    [Fact]
    public void Decode_should_refuse_a_count_above_the_limit_or_a_batch_of_fewer_than_two()
    {
        var writer = new CanonicalWriter().Header(CanonicalTag.TransactionBatch, TransactionBatch.Version).WriteCount(TransactionBatch.MaxTransactions + 1);
        Assert.Contains("exceeds the limit", Refused(writer.ToArray()).Reason);

        var one = new CanonicalWriter().Header(CanonicalTag.TransactionBatch, TransactionBatch.Version).WriteCount(1);
        Pay(1).WriteTo(one);
        Assert.Contains("at least 2", Refused(one.ToArray()).Reason);
    }
}
