using Roko.Actors.Api;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;
using Xunit;

namespace Roko.Actors.Tests.Api;

public sealed class TransactionRequestMappingTests
{
    private static readonly SigningKey Key = SigningKey.FromSeed("api-mapping");
    private static readonly NanoMoment At = NanoMoment.Parse("2026-11-22T18:48:25.123456789Z");

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Request_should_map_back_to_the_same_signed_transaction(TransactionPayload payload)
    {
        var tx = Transaction.Create("roko-test", Key, At, payload);

        var (mapped, problem) = TransactionRequestMapping.ToTransaction(TransactionRequestMapping.ToRequest(tx));

        Assert.Null(problem);
        Assert.Equal(tx, mapped);
        Assert.Equal(tx.Id, mapped!.Id);
        Assert.True(mapped.VerifySignature());
    }

    public static TheoryData<TransactionPayload> Payloads() => new()
    {
        new TransferPayload(Address.Parse("roko00000000000000000000000000000000000000aa"), Amount.Parse("0.25 ROKO")),
        new StakePayload(Amount.Parse("32000 ROKO"), "eu"),
        new UnstakePayload(Amount.Parse("1 ROKO")),
    };

    [Theory]
    [InlineData("chainId", null)]
    [InlineData("kind", "burn")]
    [InlineData("region", "mars")]
    public void Request_should_name_the_field_that_is_missing_or_unknown(string field, string? value)
    {
        var request = TransactionRequestMapping.ToRequest(Transaction.Create("roko-test", Key, At, new StakePayload(Amount.Parse("1 ROKO"), "na")));
        request = field switch
        {
            "chainId" => request with { ChainId = value },
            "kind" => request with { Kind = value },
            _ => request with { Region = value },
        };

        var (tx, problem) = TransactionRequestMapping.ToTransaction(request);

        Assert.Null(tx);
        Assert.Equal(field, problem!.Field);
    }
}
