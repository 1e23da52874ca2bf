using Rfc8032 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace Roko.Actors.Crypto;

/// <summary>
/// Ed25519 verification through BouncyCastle, the node's verifier before libsodium and now what it is compared with:
/// <c>roko bench pipeline</c> measures both, and the Wycheproof and agreement specs hold both to the same verdicts. Never
/// throws; refuses wrong lengths.
/// </summary>
public static class BouncyCastleEd25519
{
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != Ed25519.PublicKeySize || signature.Length != Ed25519.SignatureSize) return false;
        try
        {
            var m = message.ToArray();
            return Rfc8032.Verify(signature.ToArray(), 0, publicKey.ToArray(), 0, m, 0, m.Length);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            return false;
        }
    }
}
