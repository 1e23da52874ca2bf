using Roko.Actors.Crypto;
using Roko.Actors.Primitives;
using static Roko.Actors.Sync.BlockSyncProtocol;

namespace Roko.Actors.Sync;

/// <summary>
/// The signature that makes a block-range answer attributable to the node that served it: the server signs, with its
/// node key, the chain, the request id, the first height and the SHA-256 of every block it sends; the requester checks
/// it against the key the peer it asked proved in its handshake. An answer that is unsigned, signed by another key or
/// whose signature does not verify is refused before any of its blocks is decoded. The blocks' own commit
/// certificates are still checked (<see cref="SyncedBlockCheck"/>): the signature says who sent them, not that they are valid.
/// </summary>
public static class BlockRangeSignature
{
    public const byte Version = 1;
    private const string SigningDomain = "roko/block-range/v1";

    /// <summary>The answer with <paramref name="key"/>'s public key and signature over its content.</summary>
    public static BlockRange Sign(BlockRange answer, string chainId, SigningKey key)
    {
        var signer = key.PublicKey;
        return answer with { Signer = signer.ToArray(), Signature = key.Sign(SigningMessage(answer, chainId, signer)).ToArray() };
    }

    /// <summary>Null when <paramref name="answer"/> is signed by <paramref name="expected"/> over its content; otherwise why not.</summary>
    public static SyncRefusal? Check(BlockRange answer, string chainId, PublicKey expected)
    {
        if (answer.Signer is not { } signerBytes || answer.Signature is not { } signature)
            return new(SyncRefusalReason.Unsigned, 0, $"the answer to request {answer.RequestId} carries no {(answer.Signer is null ? "signer" : "signature")}");
        if (signerBytes.Length != PublicKey.Size)
            return new(SyncRefusalReason.WrongSigner, 0, $"signer: {signerBytes.Length} bytes, a node key has {PublicKey.Size}");
        var signer = PublicKey.FromBytes(signerBytes);
        if (signer != expected)
            return new(SyncRefusalReason.WrongSigner, 0, $"signed by {signer.Bytes.Short}, the peer's handshake key is {expected.Bytes.Short}");
        if (signature.Length != Crypto.Signature.Size)
            return new(SyncRefusalReason.ForgedSignature, 0, $"signature: {signature.Length} bytes, an Ed25519 signature has {Crypto.Signature.Size}");
        return Ed25519.Verify(signerBytes, SigningMessage(answer, chainId, signer), signature)
            ? null
            : new(SyncRefusalReason.ForgedSignature, 0, $"the signature of {signer.Bytes.Short} does not verify over the answer's content");
    }

    /// <summary>SHA-256 (tagged) of: header (BlockRangeAnswer, version), chain id, request id, first height, block count, each block's SHA-256, signer.</summary>
    public static byte[] SigningMessage(BlockRange answer, string chainId, PublicKey signer)
    {
        var writer = new CanonicalWriter(64 + answer.Blocks.Length * Hash32.Size)
            .Header(CanonicalTag.BlockRangeAnswer, Version)
            .WriteString(chainId)
            .WriteI64(answer.RequestId)
            .WriteU64(answer.From)
            .WriteCount(answer.Blocks.Length);
        foreach (var block in answer.Blocks) writer.WriteHash(Sha256.Hash(block));
        writer.WriteHash(signer.Bytes);
        return Sha256.HashTagged(SigningDomain, writer.WrittenSpan).ToArray();
    }
}
