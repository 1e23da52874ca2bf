using System.Globalization;
using Roko.Actors.Primitives;

namespace Roko.Actors.LightClient;

/// <summary>
/// A trusted starting point for checkpoint sync: a height and the hash of its block, taken from a source the operator
/// trusts (an explorer, another node, a colleague). Written <c>HEIGHT:HASH</c> with the hash in 64 hex digits.
/// </summary>
public sealed record Checkpoint(ulong Height, Hash32 Hash)
{
    public override string ToString() => $"{Height}:{Hash}";

    /// <summary>Parses <c>HEIGHT:HASH</c>; on failure <paramref name="error"/> says which part is wrong and why.</summary>
    public static bool TryParse(string? text, out Checkpoint checkpoint, out string error)
    {
        checkpoint = null!;
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "expected HEIGHT:HASH, got nothing";
            return false;
        }
        int colon = text.IndexOf(':');
        if (colon < 0)
        {
            error = "expected HEIGHT:HASH (a colon between the height and the block hash)";
            return false;
        }
        string heightText = text[..colon], hashText = text[(colon + 1)..];
        if (!ulong.TryParse(heightText, NumberStyles.None, CultureInfo.InvariantCulture, out ulong height))
        {
            error = $"height '{heightText}' is not a whole number";
            return false;
        }
        if (!Hash32.TryParse(hashText, out var hash))
        {
            error = $"hash '{hashText}' is not {Hash32.Size * 2} hex digits";
            return false;
        }
        checkpoint = new Checkpoint(height, hash);
        return true;
    }

    /// <summary>
    /// Null when <paramref name="served"/> is the checkpoint's block and is what it claims to be (its validator set
    /// hashes to the header's and more than two thirds of it signed); otherwise the refusal. Nothing before the
    /// checkpoint is checked: the hash is the root of trust.
    /// </summary>
    public LightRefusal? Check(LightBlock served)
    {
        if (served.Height != Height || served.Header.Hash != Hash)
            return new(LightRefusalReason.CheckpointMismatch,
                $"served block {served.Height} {served.Header.Hash.Short}, the checkpoint is {Height} {Hash.Short}");
        if (served.Validators.Hash != served.Header.ValidatorSetHash)
            return new(LightRefusalReason.WrongValidatorSetHash,
                $"served validator set hashes to {served.Validators.Hash.Short}, header says {served.Header.ValidatorSetHash.Short}");
        return CommitTally.Own(served.Header, served.Commit, served.Validators);
    }
}
