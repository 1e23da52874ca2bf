using Roko.Actors.Crypto;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Consensus;

/// <summary>
/// The proposer's signed offer of <see cref="Block"/> at (height, round). <see cref="PolRound"/> is the round of
/// the polka that justifies re-proposing a block seen before, or <see cref="NoPolRound"/> for a block proposed for
/// the first time (only then is its block time checked for timeliness).
/// </summary>
public sealed record Proposal(string ChainId, ulong Height, uint Round, int PolRound, ProposedBlock Block,
    PublicKey Proposer, Signature Signature)
{
    public const int NoPolRound = -1;
    public const byte Version = 1;
    private const string SigningDomain = "roko/proposal/v1";

    public static Proposal Create(string chainId, ulong height, uint round, int polRound, ProposedBlock block, SigningKey key)
    {
        var message = SigningMessage(chainId, height, round, polRound, block.Hash, key.PublicKey);
        return new Proposal(chainId, height, round, polRound, block, key.PublicKey, key.Sign(message));
    }

    public bool VerifySignature() =>
        Ed25519.Verify(Proposer.ToArray(), SigningMessage(ChainId, Height, Round, PolRound, Block.Hash, Proposer), Signature.ToArray());

    /// <summary>Null when the proposal is well formed; otherwise what is wrong with it.</summary>
    public string? Validate()
    {
        if (PolRound < NoPolRound) return $"pol round {PolRound} is below {NoPolRound}";
        if (PolRound >= 0 && (uint)PolRound >= Round) return $"pol round {PolRound} is not before round {Round}";
        if (Block.Height != Height) return $"block height {Block.Height} differs from proposal height {Height}";
        if (Block.Header.ChainId != ChainId) return $"block chain '{Block.Header.ChainId}' differs from proposal chain '{ChainId}'";
        return null;
    }

    /// <summary>The proposal as a network message: header (Proposal, version), fields, the block, proposer and signature.</summary>
    public byte[] Encode()
    {
        var writer = new CanonicalWriter(512 + Block.Transactions.Length * 200)
            .Header(CanonicalTag.Proposal, Version)
            .WriteString(ChainId)
            .WriteU64(Height)
            .WriteU32(Round)
            .WriteI64(PolRound);
        Block.WriteTo(writer);
        writer.WriteHash(Proposer.Bytes).WriteHash(Signature.R).WriteHash(Signature.S);
        return writer.ToArray();
    }

    public static Proposal Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > Ledger.Block.MaxEncodedSize)
            throw new CanonicalDecodingException("proposal", $"size {bytes.Length} exceeds the limit of {Ledger.Block.MaxEncodedSize} bytes");
        var reader = new CanonicalReader(bytes);
        reader.Header(CanonicalTag.Proposal, Version, "proposal");
        string chainId = reader.ReadString("proposal.chain_id", Transaction.MaxChainIdBytes);
        ulong height = reader.ReadU64("proposal.height");
        uint round = reader.ReadU32("proposal.round");
        long polRound = reader.ReadI64("proposal.pol_round");
        if (polRound < NoPolRound || polRound > int.MaxValue)
            throw new CanonicalDecodingException("proposal.pol_round", $"{polRound} is out of range");
        var block = ProposedBlock.ReadFrom(ref reader, "proposal");
        var proposer = new PublicKey(reader.ReadHash("proposal.proposer"));
        var signature = new Signature(reader.ReadHash("proposal.signature.r"), reader.ReadHash("proposal.signature.s"));
        reader.End("proposal");
        return new Proposal(chainId, height, round, (int)polRound, block, proposer, signature);
    }

    public static byte[] SigningMessage(string chainId, ulong height, uint round, int polRound, Hash32 blockHash, PublicKey proposer)
    {
        var writer = new CanonicalWriter(128)
            .Header(CanonicalTag.Proposal, Version)
            .WriteString(chainId)
            .WriteU64(height)
            .WriteU32(round)
            .WriteI64(polRound)
            .WriteHash(blockHash)
            .WriteHash(proposer.Bytes);
        return Sha256.HashTagged(SigningDomain, writer.WrittenSpan).ToArray();
    }
}
