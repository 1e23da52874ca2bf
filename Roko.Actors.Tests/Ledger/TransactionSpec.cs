using Roko.Actors.Crypto;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;
using Roko.Actors.Tests.Builders;
using Xunit;

namespace Roko.Actors.Tests.Ledger;

public class TransactionSpec
{
    private static readonly Transaction Transfer = Build.Transaction().By(Keys.Alice).SignedAt(Moments.AfterGenesis(5, 7))
        .Transfer(Keys.Bob, Amount.Parse("1.25 ROKO"));

    public static TheoryData<string> Kinds => ["transfer", "stake", "unstake"];

    private static Transaction OfKind(string kind) => kind switch
    {
        "transfer" => Transfer,
        "stake" => Build.Transaction().By(Keys.Carol).Stake(Amount.FromRoko(2000), "apac"),
        _ => Build.Transaction().By(Keys.Carol).Unstake(Amount.FromRoko(5)),
    };

    private static CanonicalDecodingException Refused(byte[] bytes) =>
        Assert.Throws<CanonicalDecodingException>(() => Transaction.Decode(bytes));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Transaction_should_survive_an_encode_decode_round_trip(string kind)
    {
        var tx = OfKind(kind);
        var decoded = Transaction.Decode(tx.Encode());
        Assert.Equal(tx, decoded);
        Assert.Equal(tx.Id, decoded.Id);
        Assert.Equal(tx.Encode(), decoded.Encode());
        Assert.True(decoded.VerifySignature());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Decode_should_refuse_every_truncation_with_a_CanonicalDecodingException(string kind)
    {
        var bytes = OfKind(kind).Encode();
        for (int length = 0; length < bytes.Length; length++)
        {
            var prefix = bytes[..length];
            var e = Record.Exception(() => Transaction.Decode(prefix));
            Assert.True(e is CanonicalDecodingException, $"prefix of {length} bytes threw {e?.GetType().Name ?? "nothing"}");
        }
    }

    [Fact]
    public void Decode_should_name_the_field_where_truncation_stopped()
    {
        var bytes = Transfer.Encode();
        Assert.Equal("transaction.tag", Refused([]).Field);
        Assert.Equal("transaction.version", Refused(bytes[..1]).Field);
        Assert.Equal("chain_id.length", Refused(bytes[..3]).Field);
        Assert.Equal("signature.s", Refused(bytes[..^1]).Field);
    }

    [Fact]
    public void Decode_should_refuse_a_trailing_byte()
    {
        var e = Refused([.. Transfer.Encode(), 0]);
        Assert.Equal("transaction", e.Field);
        Assert.Contains("1 trailing byte(s)", e.Reason);
    }

    [Fact]
    public void Decode_should_refuse_input_over_the_maximum_size_before_parsing()
    {
        var e = Refused([.. Transfer.Encode(), .. new byte[Transaction.MaxEncodedSize]]);
        Assert.Contains($"exceeds the limit of {Transaction.MaxEncodedSize}", e.Reason);
    }

    private static int KindOffset(Transaction tx) => 2 + 4 + System.Text.Encoding.UTF8.GetByteCount(tx.ChainId) + 32 + 8;

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(0xff)]
    public void Decode_should_refuse_an_unknown_kind(byte kind)
    {
        var bytes = Transfer.Encode();
        Assert.Equal((byte)TransactionKind.Transfer, bytes[KindOffset(Transfer)]);
        bytes[KindOffset(Transfer)] = kind;
        var e = Refused(bytes);
        Assert.Equal("kind", e.Field);
        Assert.Contains($"unknown transaction kind {kind}", e.Reason);
    }

    [Fact]
    public void Decode_should_refuse_an_unknown_region_in_a_stake_payload()
    {
        var tx = Build.Transaction().Stake(Amount.FromRoko(2000), "mars");
        var e = Refused(tx.Encode());
        Assert.Equal("payload.region", e.Field);
        Assert.Contains("unknown region 'mars'", e.Reason);
    }

    [Fact]
    public void Decode_should_refuse_a_wrong_tag_or_version()
    {
        var bytes = Transfer.Encode();
        bytes[0] = (byte)CanonicalTag.BlockHeader;
        Assert.Equal("transaction.tag", Refused(bytes).Field);
        bytes = Transfer.Encode();
        bytes[1] = 2;
        Assert.Equal("transaction.version", Refused(bytes).Field);
    }

    [Fact]
    public void Decode_should_refuse_a_chain_id_longer_than_its_limit()
    {
        var tx = Build.Transaction().OnChain(new string('c', Transaction.MaxChainIdBytes + 1)).Transfer(Keys.Bob, new Amount(1));
        Assert.Equal("chain_id", Refused(tx.Encode()).Field);
    }

    [Fact]
    public void Id_should_not_depend_on_the_signature_bytes()
    {
        var other = new Transaction(Transfer.ChainId, Transfer.Signer, Transfer.Timestamp, Transfer.Payload, Keys.Mallory.Sign([1]));
        Assert.Equal(Transfer.Id, other.Id);
        Assert.False(other.VerifySignature());
    }

    [Fact]
    public void Id_should_change_with_every_signed_field()
    {
        var t = Moments.AfterGenesis(5, 7);
        var ids = new[]
        {
            Transfer.Id,
            Build.Transaction().By(Keys.Alice).SignedAt(t.AddNanoseconds(1)).Transfer(Keys.Bob, Amount.Parse("1.25 ROKO")).Id,
            Build.Transaction().By(Keys.Carol).SignedAt(t).Transfer(Keys.Bob, Amount.Parse("1.25 ROKO")).Id,
            Build.Transaction().By(Keys.Alice).SignedAt(t).Transfer(Keys.Carol, Amount.Parse("1.25 ROKO")).Id,
            Build.Transaction().By(Keys.Alice).SignedAt(t).Transfer(Keys.Bob, Amount.Parse("1.5 ROKO")).Id,
            Build.Transaction().By(Keys.Alice).SignedAt(t).OnChain("other").Transfer(Keys.Bob, Amount.Parse("1.25 ROKO")).Id,
        };
        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Fact]
    public void VerifySignature_should_refuse_a_signature_over_other_fields()
    {
        var forged = new Transaction(Transfer.ChainId, Transfer.Signer, Transfer.Timestamp.AddNanoseconds(1), Transfer.Payload, Transfer.Signature);
        Assert.False(forged.VerifySignature());
        var swapped = new Transaction(Transfer.ChainId, Keys.Bob.PublicKey, Transfer.Timestamp, Transfer.Payload, Transfer.Signature);
        Assert.False(swapped.VerifySignature());
    }

    [Fact]
    public void CompareByTime_should_order_by_timestamp_then_id()
    {
        var t = Moments.AfterGenesis(1);
        var a = Build.Transaction().SignedAt(t).Transfer(Keys.Bob, new Amount(1));
        var b = Build.Transaction().SignedAt(t).Transfer(Keys.Bob, new Amount(2));
        var later = Build.Transaction().SignedAt(t.AddNanoseconds(1)).Transfer(Keys.Bob, new Amount(3));
        var sorted = new[] { later, b, a }.Order(Comparer<Transaction>.Create(Transaction.CompareByTime)).ToArray();
        Assert.Equal(later, sorted[2]);
        Assert.True(sorted[0].Id.CompareTo(sorted[1].Id) < 0);
        Assert.Equal(SigningKey.FromSeed("alice").PublicKey.ToAddress(), a.Sender);
    }
}
