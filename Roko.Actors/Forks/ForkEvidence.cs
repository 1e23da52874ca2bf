using System.Collections.Immutable;
using Roko.Actors.Crypto;
using Roko.Actors.Ledger;
using Roko.Actors.LightClient;
using Roko.Actors.Primitives;

namespace Roko.Actors.Forks;

/// <summary>
/// Proof of a fork: two commit certificates for different blocks at one height, each signed by more than two thirds of
/// the stake of <see cref="Validators"/>, the validator set of that height. Two such quorums share more than a third of
/// the stake, so the validators in <see cref="SignedBoth"/> broke the protocol (double signing in one round, or
/// precommitting against their lock across rounds). The pair is kept in canonical order (lower block hash first), so one
/// fork has exactly one encoding (tag 0x10, docs/protocol.md).
/// </summary>
public sealed record ForkEvidence
{
    public const byte Version = 1;
    private const int MaxValidatorSetBytes = CommitCertificate.MaxSignatures * (PublicKey.Size + 16 + 4 + LightBlockEncoding.MaxRegionBytes) + 8;

    private ForkEvidence(CertifiedHeader first, CertifiedHeader second, ValidatorSet validators)
    {
        First = first;
        Second = second;
        Validators = validators;
    }

    public CertifiedHeader First { get; }
    public CertifiedHeader Second { get; }
    public ValidatorSet Validators { get; }
    public ulong Height => First.Height;
    public string ChainId => First.Header.ChainId;

    /// <summary>Validators whose precommits are in both certificates, in key order.</summary>
    public ImmutableArray<PublicKey> SignedBoth =>
        [.. First.Commit.Signatures.Select(s => s.Validator).Intersect(Second.Commit.Signatures.Select(s => s.Validator)).Order()];

    /// <summary>Pairs two certified headers in canonical order; <see cref="ForkCheck"/> decides whether they prove a fork.</summary>
    internal static ForkEvidence Create(CertifiedHeader a, CertifiedHeader b, ValidatorSet validators) =>
        a.Hash.CompareTo(b.Hash) <= 0 ? new(a, b, validators) : new(b, a, validators);

    /// <summary>True when <paramref name="other"/> is the same fork: the same height and the same two blocks.</summary>
    public bool SameForkAs(ForkEvidence other) => Height == other.Height && First.Hash == other.First.Hash && Second.Hash == other.Second.Hash;

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(1024).Header(CanonicalTag.ForkEvidence, Version);
        foreach (var side in new[] { First, Second })
        {
            side.Header.WriteTo(writer);
            side.Commit.WriteTo(writer);
        }
        writer.WriteBytes(LightBlockEncoding.EncodeValidators(Validators));
        return writer.ToArray();
    }

    /// <summary>Decodes canonical bytes; refuses a pair out of canonical order. Call <see cref="ForkCheck.Verify"/> to know whether it proves a fork.</summary>
    public static ForkEvidence Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        reader.Header(CanonicalTag.ForkEvidence, Version, "fork");
        var first = new CertifiedHeader(BlockHeader.ReadFrom(ref reader), CommitCertificate.ReadFrom(ref reader));
        var second = new CertifiedHeader(BlockHeader.ReadFrom(ref reader), CommitCertificate.ReadFrom(ref reader));
        var validators = LightBlockEncoding.DecodeValidators(reader.ReadBytes("fork.validators", MaxValidatorSetBytes));
        reader.End("fork");
        if (first.Hash.CompareTo(second.Hash) > 0)
            throw new CanonicalDecodingException("fork.second", "headers must be in canonical order (lower block hash first)");
        return new ForkEvidence(first, second, validators);
    }

    public override string ToString() => $"fork at height {Height}: {First} and {Second}";
}
