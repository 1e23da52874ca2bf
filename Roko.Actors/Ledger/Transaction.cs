using System.Runtime.CompilerServices;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Primitives;

namespace Roko.Actors.Ledger;

/// <summary>
/// A signed transaction. <see cref="Timestamp"/> is the NanoMoment taken when it was signed; it orders the
/// chain and occupies one nanosecond slot. The id hashes the signed body only, so it cannot be changed by
/// re-encoding the signature.
/// </summary>
public sealed record Transaction(string ChainId, PublicKey Signer, NanoMoment Timestamp, TransactionPayload Payload, Signature Signature)
{
    public const byte Version = 1;
    public const int MaxChainIdBytes = 64;
    public const int MaxEncodedSize = 512;
    /// <summary>No canonical transaction is shorter (header, signer, timestamp, kind, signature): a bound for element counts.</summary>
    public const int MinEncodedSize = 100;
    private const string IdDomain = "roko/tx/v1";
    private const string SigningDomain = "roko/tx-sign/v1";

    // Computed once per instance and published whole: a transaction is read by several actors at once, and a nullable
    // struct written by one thread could be seen half-written by another.
    private StrongBox<Hash32>? _id;
    private StrongBox<Address>? _sender;

    // `with` must not carry the cached id and sender over to a copy with other fields.
    private Transaction(Transaction original)
    {
        ChainId = original.ChainId;
        Signer = original.Signer;
        Timestamp = original.Timestamp;
        Payload = original.Payload;
        Signature = original.Signature;
    }

    public TransactionKind Kind => Payload.Kind;

    public Hash32 Id => Once(ref _id, static tx => Sha256.HashTagged(IdDomain, SigningBytes(tx.ChainId, tx.Signer, tx.Timestamp, tx.Payload)));

    /// <summary>The signer's address; hashed once per instance, as the ledger, the pool and the archive ask for it often.</summary>
    public Address Sender => Once(ref _sender, static tx => tx.Signer.ToAddress());

    private T Once<T>(ref StrongBox<T>? slot, Func<Transaction, T> compute)
    {
        var box = Volatile.Read(ref slot);
        if (box is null) Volatile.Write(ref slot, box = new StrongBox<T>(compute(this)));
        return box.Value!;
    }

    public static Transaction Create(string chainId, SigningKey key, NanoMoment timestamp, TransactionPayload payload)
    {
        var body = SigningBytes(chainId, key.PublicKey, timestamp, payload);
        return new Transaction(chainId, key.PublicKey, timestamp, payload, key.Sign(SigningMessage(body)));
    }

    public bool VerifySignature() => Ed25519.Verify(Signer.ToArray(), SignedMessage(), Signature.ToArray());

    /// <summary>The message the signer signed (the tagged hash of the transaction's body).</summary>
    internal byte[] SignedMessage() => SigningMessage(SigningBytes(ChainId, Signer, Timestamp, Payload));

    private static byte[] SigningMessage(byte[] body) => Sha256.HashTagged(SigningDomain, body).ToArray();

    internal static byte[] SigningBytes(string chainId, PublicKey signer, NanoMoment timestamp, TransactionPayload payload)
    {
        var writer = new CanonicalWriter(160);
        WriteBody(writer, chainId, signer, timestamp, payload);
        return writer.ToArray();
    }

    private static void WriteBody(CanonicalWriter writer, string chainId, PublicKey signer, NanoMoment timestamp, TransactionPayload payload)
    {
        writer.Header(CanonicalTag.Transaction, Version)
            .WriteString(chainId)
            .WriteHash(signer.Bytes)
            .WriteMoment(timestamp)
            .WriteU8((byte)payload.Kind);
        payload.Write(writer);
    }

    public void WriteTo(CanonicalWriter writer)
    {
        WriteBody(writer, ChainId, Signer, Timestamp, Payload);
        writer.WriteHash(Signature.R).WriteHash(Signature.S);
    }

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(192);
        WriteTo(writer);
        return writer.ToArray();
    }

    public static Transaction Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxEncodedSize)
            throw new CanonicalDecodingException("transaction", $"size {bytes.Length} exceeds the limit of {MaxEncodedSize} bytes");
        var reader = new CanonicalReader(bytes);
        var tx = ReadFrom(ref reader);
        reader.End("transaction");
        return tx;
    }

    public static Transaction ReadFrom(ref CanonicalReader reader)
    {
        reader.Header(CanonicalTag.Transaction, Version, "transaction");
        string chainId = reader.ReadString("chain_id", MaxChainIdBytes);
        var signer = new PublicKey(reader.ReadHash("signer"));
        var timestamp = reader.ReadMoment("timestamp");
        byte kind = reader.ReadU8("kind");
        if (!Enum.IsDefined((TransactionKind)kind))
            throw new CanonicalDecodingException("kind", $"unknown transaction kind {kind}");
        var payload = TransactionPayload.Read((TransactionKind)kind, chainId, ref reader);
        var signature = new Signature(reader.ReadHash("signature.r"), reader.ReadHash("signature.s"));
        return new Transaction(chainId, signer, timestamp, payload, signature);
    }

    /// <summary>Order inside a block and across the chain: by timestamp, then id.</summary>
    public static int CompareByTime(Transaction a, Transaction b)
    {
        int c = a.Timestamp.CompareTo(b.Timestamp);
        return c != 0 ? c : a.Id.CompareTo(b.Id);
    }

    public bool Equals(Transaction? other) =>
        other is not null && ChainId == other.ChainId && Signer == other.Signer && Timestamp == other.Timestamp
        && Payload == other.Payload && Signature == other.Signature;

    public override int GetHashCode() => HashCode.Combine(Signer, Timestamp, Signature);
}
