using Roko.Actors.Primitives;

namespace Roko.Actors.Ledger;

public enum TransactionKind : byte
{
    Transfer = 1,
    Stake = 2,
    Unstake = 3,
    Evidence = 4,
}

/// <summary>What a transaction does; each kind has its own payload record.</summary>
public abstract record TransactionPayload
{
    public abstract TransactionKind Kind { get; }
    internal abstract void Write(CanonicalWriter writer);

    internal static TransactionPayload Read(TransactionKind kind, string chainId, ref CanonicalReader reader) => kind switch
    {
        TransactionKind.Evidence => EvidencePayload.Read(chainId, ref reader),
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

/// <summary>
/// Reports a validator's double signing (docs/consensus.md §Evidence). Anyone may sign it; the block that includes it
/// slashes the offender. Encoded compactly: the fields both votes share once, then each vote's block hash, clock and
/// signature; the votes' chain id is the transaction's.
/// </summary>
public sealed record EvidencePayload : TransactionPayload
{
    public EvidencePayload(DuplicateVoteEvidence evidence)
    {
        var (a, b) = (evidence.First, evidence.Second);
        if (a.Validator != b.Validator || a.Type != b.Type || a.Height != b.Height || a.Round != b.Round || a.ChainId != b.ChainId)
            throw new ArgumentException("evidence votes must share validator, type, chain, height and round", nameof(evidence));
        Evidence = evidence;
    }

    public DuplicateVoteEvidence Evidence { get; }
    public override TransactionKind Kind => TransactionKind.Evidence;

    internal override void Write(CanonicalWriter writer)
    {
        var first = Evidence.First;
        writer.WriteU8((byte)first.Type).WriteU64(first.Height).WriteU32(first.Round).WriteHash(first.Validator.Bytes);
        foreach (var vote in new[] { first, Evidence.Second })
            writer.WriteHash(vote.BlockHash).WriteMoment(vote.Clock.Earliest).WriteMoment(vote.Clock.Latest)
                .WriteHash(vote.Signature.R).WriteHash(vote.Signature.S);
    }

    internal static EvidencePayload Read(string chainId, ref CanonicalReader reader)
    {
        byte type = reader.ReadU8("payload.vote_type");
        if (type is not ((byte)VoteType.Prevote or (byte)VoteType.Precommit))
            throw new CanonicalDecodingException("payload.vote_type", $"unknown vote type {type}");
        ulong height = reader.ReadU64("payload.height");
        uint round = reader.ReadU32("payload.round");
        var validator = new Crypto.PublicKey(reader.ReadHash("payload.validator"));
        var votes = new Vote[2];
        for (int i = 0; i < 2; i++)
        {
            string field = i == 0 ? "payload.first" : "payload.second";
            var blockHash = reader.ReadHash(field + ".block_hash");
            var earliest = reader.ReadMoment(field + ".clock_earliest");
            var latest = reader.ReadMoment(field + ".clock_latest");
            if (latest < earliest) throw new CanonicalDecodingException(field + ".clock_latest", "before clock_earliest");
            var signature = new Crypto.Signature(reader.ReadHash(field + ".signature.r"), reader.ReadHash(field + ".signature.s"));
            votes[i] = new Vote((VoteType)type, chainId, height, round, blockHash, new Hardware.Time.NanoInterval(earliest, latest), validator, signature);
        }
        if (votes[0].BlockHash.CompareTo(votes[1].BlockHash) >= 0)
            throw new CanonicalDecodingException("payload.second.block_hash", "must be greater than the first (canonical order, different blocks)");
        return new EvidencePayload(DuplicateVoteEvidence.Create(votes[0], votes[1]));
    }

    public bool Equals(EvidencePayload? other) => other is not null && Evidence.First == other.Evidence.First && Evidence.Second == other.Evidence.Second;
    public override int GetHashCode() => HashCode.Combine(Evidence.First.Signature, Evidence.Second.Signature);
}
