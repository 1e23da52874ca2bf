using Roko.Actors.Primitives;

namespace Roko.Actors.Ledger;

public enum TransactionKind : byte
{
    Transfer = 1,
    Stake = 2,
    Unstake = 3,
}

/// <summary>What a transaction does; each kind has its own payload record.</summary>
public abstract record TransactionPayload
{
    public abstract TransactionKind Kind { get; }
    internal abstract void Write(CanonicalWriter writer);

    internal static TransactionPayload Read(TransactionKind kind, ref CanonicalReader reader) => kind switch
    {
        TransactionKind.Transfer => new TransferPayload(reader.ReadAddress("payload.to"), reader.ReadAmount("payload.amount")),
        TransactionKind.Stake => new StakePayload(reader.ReadAmount("payload.amount"), ReadRegion(ref reader)),
        TransactionKind.Unstake => new UnstakePayload(reader.ReadAmount("payload.amount")),
        _ => throw new CanonicalDecodingException("kind", $"unknown transaction kind {(byte)kind}"),
    };

    private static string ReadRegion(ref CanonicalReader reader)
    {
        string region = reader.ReadString("payload.region", ValidatorRegions.MaxBytes);
        if (!ValidatorRegions.IsKnown(region))
            throw new CanonicalDecodingException("payload.region", $"unknown region '{region}' (known: {ValidatorRegions.Describe()})");
        return region;
    }
}

/// <summary>Moves <paramref name="Amount"/> from the signer's account to <paramref name="To"/>.</summary>
public sealed record TransferPayload(Address To, Amount Amount) : TransactionPayload
{
    public override TransactionKind Kind => TransactionKind.Transfer;
    internal override void Write(CanonicalWriter writer) => writer.WriteAddress(To).WriteAmount(Amount);
}

/// <summary>Locks <paramref name="Amount"/> of the signer's balance as validator stake, declaring the validator's region.</summary>
public sealed record StakePayload(Amount Amount, string Region) : TransactionPayload
{
    public override TransactionKind Kind => TransactionKind.Stake;
    internal override void Write(CanonicalWriter writer) => writer.WriteAmount(Amount).WriteString(Region);
}

/// <summary>Returns <paramref name="Amount"/> of the signer's stake to its balance, once the lock has passed.</summary>
public sealed record UnstakePayload(Amount Amount) : TransactionPayload
{
    public override TransactionKind Kind => TransactionKind.Unstake;
    internal override void Write(CanonicalWriter writer) => writer.WriteAmount(Amount);
}
