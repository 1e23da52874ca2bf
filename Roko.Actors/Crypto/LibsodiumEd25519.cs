using NSec.Cryptography;

namespace Roko.Actors.Crypto;

/// <summary>
/// Ed25519 verification through libsodium (NSec.Cryptography): what <see cref="Ed25519.Verify"/> uses after its own
/// canonical-S check. Never throws; refuses wrong lengths and keys libsodium cannot import.
/// </summary>
public static class LibsodiumEd25519
{
    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;

    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != Ed25519.PublicKeySize || signature.Length != Ed25519.SignatureSize) return false;
        if (!NSec.Cryptography.PublicKey.TryImport(Algorithm, publicKey, KeyBlobFormat.RawPublicKey, out var key) || key is null) return false;
        return Algorithm.Verify(key, message, signature);
    }
}
