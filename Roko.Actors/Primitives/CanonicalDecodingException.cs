namespace Roko.Actors.Primitives;

/// <summary>Input is not a canonical encoding; <see cref="Field"/> names the field where decoding stopped.</summary>
public sealed class CanonicalDecodingException(string field, string reason)
    : FormatException($"{field}: {reason}")
{
    public string Field { get; } = field;
    public string Reason { get; } = reason;
}
