using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Primitives;

namespace Roko.Actors.Ledger;

public enum VoteType : byte
{
    Prevote = 1,
    Precommit = 2,
}

/// <summary>
/// A validator's signed vote for a block (or for nothing: a zero hash) at (height, round). It carries the
/// signer's clock interval at signing, so a commit certificate is also the block's temporal proof.
/// </summary>
public sealed record Vote(VoteType Type, string ChainId, ulong Height, uint Round, Hash32 BlockHash,
    NanoInterval Clock, PublicKey Validator, Signature Signature)
{
    public const byte Version = 1;
    private const string SigningDomain = "roko/vote/v1";

    public static Vote Create(VoteType type, string chainId, ulong height, uint round, Hash32 blockHash,
        NanoInterval clock, SigningKey key)
    {
        var message = SigningMessage(type, chainId, height, round, blockHash, clock, key.PublicKey);
        return new Vote(type, chainId, height, round, blockHash, clock, key.PublicKey, key.Sign(message));
    }

    public const int MaxEncodedSize = 512;

    /// <summary>The vote's fields in canonical order (no header): used inside evidence and by <see cref="Encode"/>.</summary>
    public void WriteFieldsTo(CanonicalWriter writer) => writer
        .WriteU8((byte)Type)
        .WriteString(ChainId)
        .WriteU64(Height)
        .WriteU32(Round)
        .WriteHash(BlockHash)
        .WriteMoment(Clock.Earliest)
        .WriteMoment(Clock.Latest)
        .WriteHash(Validator.Bytes)
        .WriteHash(Signature.R)
        .WriteHash(Signature.S);

    public static Vote ReadFieldsFrom(ref CanonicalReader reader, string field)
    {
        byte type = reader.ReadU8(field + ".type");
        if (type is not ((byte)VoteType.Prevote or (byte)VoteType.Precommit))
            throw new CanonicalDecodingException(field + ".type", $"unknown vote type {type}");
        string chainId = reader.ReadString(field + ".chain_id", Transaction.MaxChainIdBytes);
        ulong height = reader.ReadU64(field + ".height");
        uint round = reader.ReadU32(field + ".round");
        var blockHash = reader.ReadHash(field + ".block_hash");
        var earliest = reader.ReadMoment(field + ".clock_earliest");
        var latest = reader.ReadMoment(field + ".clock_latest");
        if (latest < earliest) throw new CanonicalDecodingException(field + ".clock_latest", "before clock_earliest");
        var validator = new PublicKey(reader.ReadHash(field + ".validator"));
        var signature = new Signature(reader.ReadHash(field + ".signature.r"), reader.ReadHash(field + ".signature.s"));
        return new Vote((VoteType)type, chainId, height, round, blockHash, new NanoInterval(earliest, latest), validator, signature);
    }

    /// <summary>The vote as a network message: header (Vote, version) then its fields.</summary>
    public byte[] Encode()
    {
        var writer = new CanonicalWriter(200).Header(CanonicalTag.Vote, Version);
        WriteFieldsTo(writer);
        return writer.ToArray();
    }

    public static Vote Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxEncodedSize)
            throw new CanonicalDecodingException("vote", $"size {bytes.Length} exceeds the limit of {MaxEncodedSize} bytes");
        var reader = new CanonicalReader(bytes);
        reader.Header(CanonicalTag.Vote, Version, "vote");
        var vote = ReadFieldsFrom(ref reader, "vote");
        reader.End("vote");
        return vote;
    }

    public bool VerifySignature() =>
        Ed25519.Verify(Validator.ToArray(), SigningMessage(Type, ChainId, Height, Round, BlockHash, Clock, Validator), Signature.ToArray());

    public static byte[] SigningMessage(VoteType type, string chainId, ulong height, uint round, Hash32 blockHash,
        NanoInterval clock, PublicKey validator)
    {
        var writer = new CanonicalWriter(160)
            .Header(CanonicalTag.Vote, Version)
            .WriteU8((byte)type)
            .WriteString(chainId)
            .WriteU64(height)
            .WriteU32(round)
            .WriteHash(blockHash)
            .WriteMoment(clock.Earliest)
            .WriteMoment(clock.Latest)
            .WriteHash(validator.Bytes);
        return Sha256.HashTagged(SigningDomain, writer.WrittenSpan).ToArray();
    }
}
