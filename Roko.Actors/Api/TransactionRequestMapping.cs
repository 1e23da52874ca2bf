using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Api;

/// <summary>A field of a request that cannot be used, and why.</summary>
public sealed record FieldProblem(string Field, string Reason)
{
    public string Message => $"field '{Field}': {Reason}";
}

/// <summary>
/// Turns the JSON of POST /txs into a signed <see cref="Transaction"/> (and back, for the CLI), checking each field's
/// form; whether the transaction is admissible (signature, window, balance…) is the mempool's call.
/// </summary>
public static class TransactionRequestMapping
{
    public const string Transfer = "transfer";
    public const string Stake = "stake";
    public const string Unstake = "unstake";

    public static TransactionRequest ToRequest(Transaction tx) => tx.Payload switch
    {
        TransferPayload p => Request(tx, Transfer, p.To.ToString(), p.Amount.ToString(), null),
        StakePayload p => Request(tx, Stake, null, p.Amount.ToString(), p.Region),
        UnstakePayload p => Request(tx, Unstake, null, p.Amount.ToString(), null),
        _ => throw new ArgumentOutOfRangeException(nameof(tx), tx.Kind, "no JSON form for this kind"),
    };

    private static TransactionRequest Request(Transaction tx, string kind, string? to, string amount, string? region) =>
        new(tx.ChainId, tx.Signer.ToString(), tx.Timestamp.ToString(), kind, to, amount, region, tx.Signature.ToString());

    /// <summary>The transaction, or the first field that cannot be used.</summary>
    public static (Transaction? Transaction, FieldProblem? Problem) ToTransaction(TransactionRequest request)
    {
        if (string.IsNullOrEmpty(request.ChainId)) return Fail("chainId", "is required");
        if (System.Text.Encoding.UTF8.GetByteCount(request.ChainId) > Transaction.MaxChainIdBytes)
            return Fail("chainId", $"is longer than {Transaction.MaxChainIdBytes} bytes");
        if (!Hash32.TryParse(request.Signer, out var signer)) return Fail("signer", $"expected the Ed25519 public key as {PublicKey.Size * 2} hex digits");
        if (request.Timestamp is null) return Fail("timestamp", "is required (the signing moment, yyyy-MM-ddTHH:mm:ss.fffffffffZ)");
        if (!NanoMoment.TryParse(request.Timestamp, out var timestamp, out var timeError)) return Fail("timestamp", timeError);
        if (request.Signature is null) return Fail("signature", $"is required ({Signature.Size * 2} hex digits)");
        if (request.Signature.Length != Signature.Size * 2 || !Hash32.TryParse(request.Signature[..64], out var r) || !Hash32.TryParse(request.Signature[64..], out var s))
            return Fail("signature", $"expected {Signature.Size * 2} hex digits");
        var (payload, problem) = request.Kind switch
        {
            Transfer => TransferPayload(request),
            Stake => StakePayload(request),
            Unstake => UnstakePayload(request),
            null => (null, new FieldProblem("kind", $"is required ({Transfer}, {Stake} or {Unstake})")),
            _ => (null, new FieldProblem("kind", $"'{request.Kind}' is not {Transfer}, {Stake} or {Unstake}")),
        };
        if (problem is not null) return (null, problem);
        return (new Transaction(request.ChainId, new PublicKey(signer), timestamp, payload!, new Signature(r, s)), null);
    }

    private static (TransactionPayload?, FieldProblem?) TransferPayload(TransactionRequest request)
    {
        if (request.Region is not null) return (null, new FieldProblem("region", "is only for stake transactions"));
        if (request.To is null) return (null, new FieldProblem("to", "is required for a transfer"));
        if (!Address.TryParse(request.To, out var to, out var toError)) return (null, new FieldProblem("to", toError));
        return Amount(request) is ({ } amount, null) ? (new TransferPayload(to, amount), null) : (null, Amount(request).Problem);
    }

    private static (TransactionPayload?, FieldProblem?) StakePayload(TransactionRequest request)
    {
        if (request.To is not null) return (null, new FieldProblem("to", "is only for transfers"));
        if (request.Region is null) return (null, new FieldProblem("region", $"is required for a stake ({ValidatorRegions.Describe()})"));
        if (!ValidatorRegions.IsKnown(request.Region)) return (null, new FieldProblem("region", $"'{request.Region}' is not one of {ValidatorRegions.Describe()}"));
        return Amount(request) is ({ } amount, null) ? (new StakePayload(amount, request.Region), null) : (null, Amount(request).Problem);
    }

    private static (TransactionPayload?, FieldProblem?) UnstakePayload(TransactionRequest request)
    {
        if (request.To is not null) return (null, new FieldProblem("to", "is only for transfers"));
        if (request.Region is not null) return (null, new FieldProblem("region", "is only for stake transactions"));
        return Amount(request) is ({ } amount, null) ? (new UnstakePayload(amount), null) : (null, Amount(request).Problem);
    }

    private static (Amount? Amount, FieldProblem? Problem) Amount(TransactionRequest request)
    {
        if (request.Amount is null) return (null, new FieldProblem("amount", "is required, e.g. \"10 ROKO\""));
        return Primitives.Amount.TryParse(request.Amount, out var amount, out var error) ? (amount, null) : (null, new FieldProblem("amount", error));
    }

    private static (Transaction?, FieldProblem?) Fail(string field, string reason) => (null, new FieldProblem(field, reason));
}
