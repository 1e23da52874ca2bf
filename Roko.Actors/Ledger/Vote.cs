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
