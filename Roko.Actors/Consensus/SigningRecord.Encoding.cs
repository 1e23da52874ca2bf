using Roko.Actors.Crypto;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Consensus;

/// <summary>The signing record's canonical encoding (docs/protocol.md §SigningRecord): what the store keeps.</summary>
public sealed partial record SigningRecord
{
    public const byte Version = 1;
    private const string What = "signing_record";

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(256)
            .Header(CanonicalTag.SigningRecord, Version)
            .WriteString(ChainId)
            .WriteHash(Validator.Bytes)
            .WriteU64(Height)
            .WriteU32(Round)
            .WriteU8((byte)Step);
        WriteOptional(writer, Proposal?.Encode());
        WriteOptional(writer, Prevote?.Encode());
        WriteOptional(writer, Precommit?.Encode());
        writer.WriteI64(LockedRound);
        if (LockedBlock is { } locked) writer.WriteHash(locked.Hash);
        writer.WriteI64(ValidRound);
        ValidBlock?.WriteTo(writer);
        // The locked block is written out only when it is not the valid block (after a lock both are the same block).
        if (LockedBlock is { } own && own.Hash != ValidBlock?.Hash) own.WriteTo(writer);
        return writer.ToArray();
    }

    /// <summary>Decodes and checks a stored record; anything inconsistent is refused naming the field.</summary>
    public static SigningRecord Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > Block.MaxEncodedSize * 3)
            throw new CanonicalDecodingException(What, $"size {bytes.Length} exceeds the limit of {Block.MaxEncodedSize * 3} bytes");
        var reader = new CanonicalReader(bytes);
        reader.Header(CanonicalTag.SigningRecord, Version, What);
        string chainId = reader.ReadString(What + ".chain_id", Transaction.MaxChainIdBytes);
        var validator = new PublicKey(reader.ReadHash(What + ".validator"));
        ulong height = reader.ReadU64(What + ".height");
        uint round = reader.ReadU32(What + ".round");
        byte step = reader.ReadU8(What + ".step");
        if (step is < (byte)ConsensusStep.Propose or > (byte)ConsensusStep.Precommit)
            throw new CanonicalDecodingException(What + ".step", $"{step} is not a signing step (1 propose, 2 prevote, 3 precommit)");
        var record = Empty(chainId, validator) with { Height = height, Round = round, Step = (ConsensusStep)step };

        var proposal = ReadOptional(ref reader, ".proposal", Block.MaxEncodedSize, b => Consensus.Proposal.Decode(b));
        var prevote = ReadOptional(ref reader, ".prevote", Vote.MaxEncodedSize, b => Vote.Decode(b));
        var precommit = ReadOptional(ref reader, ".precommit", Vote.MaxEncodedSize, b => Vote.Decode(b));
        int lockedRound = ReadRound(ref reader, ".locked_round", round);
        Hash32? lockedHash = lockedRound == NoRound ? null : reader.ReadHash(What + ".locked_hash");
        int validRound = ReadRound(ref reader, ".valid_round", round);
        var validBlock = validRound == NoRound ? null : ReadBlock(ref reader, ".valid_block", height);
        var lockedBlock = lockedHash is not { } hash ? null
            : validBlock?.Hash == hash ? validBlock
            : ReadBlock(ref reader, ".locked_block", height);
        if (lockedBlock is not null && lockedBlock.Hash != lockedHash)
            throw new CanonicalDecodingException(What + ".locked_block", $"hash {lockedBlock.Hash.Short} is not locked_hash {lockedHash!.Value.Short}");
        reader.End(What);

        if (proposal is not null) record = Checked(record, proposal.ChainId, proposal.Proposer, proposal.Height, proposal.Round,
            ConsensusStep.Propose, ".proposal").WithProposal(proposal);
        if (prevote is not null) record = Checked(record, prevote.ChainId, prevote.Validator, prevote.Height, prevote.Round,
            ConsensusStep.Prevote, ".prevote", prevote.Type == VoteType.Prevote).WithVote(prevote);
        if (precommit is not null) record = Checked(record, precommit.ChainId, precommit.Validator, precommit.Height, precommit.Round,
            ConsensusStep.Precommit, ".precommit", precommit.Type == VoteType.Precommit).WithVote(precommit);
        return record with { LockedRound = lockedRound, LockedBlock = lockedBlock, ValidRound = validRound, ValidBlock = validBlock };
    }

    private static void WriteOptional(CanonicalWriter writer, byte[]? message)
    {
        writer.WriteBool(message is not null);
        if (message is not null) writer.WriteBytes(message);
    }

    private delegate T Decoder<out T>(ReadOnlySpan<byte> bytes);

    private static T? ReadOptional<T>(ref CanonicalReader reader, string field, int maxLength, Decoder<T> decode) where T : class
    {
        if (!reader.ReadBool(What + field + ".present")) return null;
        var bytes = reader.ReadBytes(What + field, maxLength);
        try
        {
            return decode(bytes);
        }
        catch (CanonicalDecodingException e)
        {
            throw new CanonicalDecodingException(What + field, e.Message);
        }
    }

    private static int ReadRound(ref CanonicalReader reader, string field, uint round)
    {
        long value = reader.ReadI64(What + field);
        if (value < NoRound || value > round)
            throw new CanonicalDecodingException(What + field, $"{value} is not a round from {NoRound} to the record's round {round}");
        return (int)value;
    }

    private static ProposedBlock ReadBlock(ref CanonicalReader reader, string field, ulong height)
    {
        var block = ProposedBlock.ReadFrom(ref reader, What + field);
        if (block.Height != height)
            throw new CanonicalDecodingException(What + field, $"block height {block.Height} is not the record's height {height}");
        return block;
    }

    /// <summary>A stored message must be the record's own: its chain, signer and height, at or below its position.</summary>
    private static SigningRecord Checked(SigningRecord record, string chainId, PublicKey signer, ulong height, uint round,
        ConsensusStep step, string field, bool rightKind = true)
    {
        string? problem = !rightKind ? "is a vote of the other type"
            : chainId != record.ChainId ? $"is for chain '{chainId}', not '{record.ChainId}'"
            : signer != record.Validator ? $"is signed by {signer.Bytes.Short}, not by the record's validator"
            : height != record.Height ? $"is for height {height}, not the record's height {record.Height}"
            : record.IsAbove(height, round, step) ? null
            : (record.Round, record.Step) == (round, step) ? null
            : $"at {height}/{round}/{step} is above the record's position {record.Position}";
        if (problem is not null) throw new CanonicalDecodingException(What + field, problem);
        return record;
    }
}
