using Roko.Actors.Crypto;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.LightClient;

/// <summary>
/// Canonical bytes of what a light block is made of: the header (<see cref="BlockHeader.Encode"/>), the commit
/// certificate, and the validator set in the very form its hash covers (count, then key ‖ stake ‖ region per validator,
/// sorted by key). Decoding refuses malformed input with <see cref="CanonicalDecodingException"/>.
/// </summary>
public static class LightBlockEncoding
{
    /// <summary>Longest region name accepted in a served validator set.</summary>
    public const int MaxRegionBytes = 64;
    private const int MinValidatorBytes = PublicKey.Size + 16 + 4;

    public static byte[] EncodeValidators(ValidatorSet set)
    {
        var writer = new CanonicalWriter();
        writer.WriteCount(set.Count);
        foreach (var v in set.Validators) writer.WriteHash(v.Key.Bytes).WriteAmount(v.Stake).WriteString(v.Region);
        return writer.ToArray();
    }

    public static ValidatorSet DecodeValidators(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        int count = reader.ReadCount("validators", CommitCertificate.MaxSignatures, MinValidatorBytes);
        var validators = new List<Validator>(count);
        for (int i = 0; i < count; i++)
            validators.Add(new Validator(new PublicKey(reader.ReadHash("validators.key")), reader.ReadAmount("validators.stake"),
                reader.ReadString("validators.region", MaxRegionBytes)));
        reader.End("validators");
        try
        {
            return new ValidatorSet(validators);
        }
        catch (ArgumentException e)
        {
            throw new CanonicalDecodingException("validators", e.Message);
        }
    }

    public static byte[] EncodeCertificate(CommitCertificate commit)
    {
        var writer = new CanonicalWriter();
        commit.WriteTo(writer);
        return writer.ToArray();
    }

    public static CommitCertificate DecodeCertificate(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var commit = CommitCertificate.ReadFrom(ref reader);
        reader.End("certificate");
        return commit;
    }

    public static LightBlock Decode(byte[] header, byte[] certificate, byte[] validators) =>
        new(BlockHeader.Decode(header), DecodeCertificate(certificate), DecodeValidators(validators));
}
