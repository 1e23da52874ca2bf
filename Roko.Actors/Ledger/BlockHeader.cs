using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Primitives;

namespace Roko.Actors.Ledger;

/// <summary>
/// Header of block <see cref="Height"/>: it seals the time slice (previous cutoff, <see cref="Cutoff"/>].
/// <see cref="StateRoot"/> is the ledger state after the block; the block's hash is the hash of this header.
/// </summary>
public sealed record BlockHeader(
    string ChainId,
    ulong Height,
    Hash32 PreviousHash,
    NanoMoment Cutoff,
    NanoMoment BlockTime,
    PublicKey Proposer,
    Hash32 TransactionRoot,
    Hash32 StateRoot,
    Hash32 ValidatorSetHash)
{
    public const byte Version = 1;
    private const string HashDomain = "roko/header/v1";
    private Hash32? _hash;

    // `with` must not carry the cached hash over to a copy with other fields.
    private BlockHeader(BlockHeader original)
    {
        ChainId = original.ChainId;
        Height = original.Height;
        PreviousHash = original.PreviousHash;
        Cutoff = original.Cutoff;
        BlockTime = original.BlockTime;
        Proposer = original.Proposer;
        TransactionRoot = original.TransactionRoot;
        StateRoot = original.StateRoot;
        ValidatorSetHash = original.ValidatorSetHash;
    }

    /// <summary>Equal when every field is equal; the cached hash takes no part.</summary>
    public bool Equals(BlockHeader? other) =>
        other is not null && ChainId == other.ChainId && Height == other.Height && PreviousHash == other.PreviousHash
        && Cutoff == other.Cutoff && BlockTime == other.BlockTime && Proposer == other.Proposer
        && TransactionRoot == other.TransactionRoot && StateRoot == other.StateRoot && ValidatorSetHash == other.ValidatorSetHash;

    public override int GetHashCode() => HashCode.Combine(ChainId, Height, PreviousHash, StateRoot);

    public Hash32 Hash => _hash ??= Sha256.HashTagged(HashDomain, Encode());

    public void WriteTo(CanonicalWriter writer) => writer
        .Header(CanonicalTag.BlockHeader, Version)
        .WriteString(ChainId)
        .WriteU64(Height)
        .WriteHash(PreviousHash)
        .WriteMoment(Cutoff)
        .WriteMoment(BlockTime)
        .WriteHash(Proposer.Bytes)
        .WriteHash(TransactionRoot)
        .WriteHash(StateRoot)
        .WriteHash(ValidatorSetHash);

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(256);
        WriteTo(writer);
        return writer.ToArray();
    }

    public static BlockHeader ReadFrom(ref CanonicalReader reader)
    {
        reader.Header(CanonicalTag.BlockHeader, Version, "header");
        return new BlockHeader(
            reader.ReadString("header.chain_id", Transaction.MaxChainIdBytes),
            reader.ReadU64("header.height"),
            reader.ReadHash("header.previous_hash"),
            reader.ReadMoment("header.cutoff"),
            reader.ReadMoment("header.block_time"),
            new PublicKey(reader.ReadHash("header.proposer")),
            reader.ReadHash("header.tx_root"),
            reader.ReadHash("header.state_root"),
            reader.ReadHash("header.validator_set_hash"));
    }

    public static BlockHeader Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var header = ReadFrom(ref reader);
        reader.End("header");
        return header;
    }
}
