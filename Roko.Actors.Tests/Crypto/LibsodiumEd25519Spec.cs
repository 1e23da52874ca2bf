using System.Numerics;
using System.Text;
using FsCheck.Xunit;
using Roko.Actors.Crypto;
using Xunit;

namespace Roko.Actors.Tests.Crypto;

/// <summary>
/// The node's verifier (<see cref="Ed25519.Verify"/>: canonical S, then libsodium through NSec) against BouncyCastle, its
/// verifier before: the same verdict on valid, tampered, non-canonical and degenerate signatures. Nodes on either side of
/// the switch must agree on every signature.
/// </summary>
public class LibsodiumEd25519Spec
{
    private static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493");
    private static readonly byte[] Message = Encoding.UTF8.GetBytes("pay bob 5 ROKO");

    private static void AssertSameVerdict(byte[] publicKey, byte[] message, byte[] signature, bool expected)
    {
        Assert.Equal(expected, Ed25519.Verify(publicKey, message, signature));
        Assert.Equal(expected, BouncyCastleEd25519.Verify(publicKey, message, signature));
    }

    [Fact]
    public void Both_should_accept_signatures_made_by_Sign_and_refuse_them_tampered()
    {
        for (int i = 0; i < 20; i++)
        {
            var key = SigningKey.FromSeed("libsodium-spec-" + i);
            var message = Encoding.UTF8.GetBytes($"message {i}");
            var signature = key.Sign(message).ToArray();
            AssertSameVerdict(key.PublicKey.ToArray(), message, signature, expected: true);
            var otherMessage = Encoding.UTF8.GetBytes($"message {i}!");
            AssertSameVerdict(key.PublicKey.ToArray(), otherMessage, signature, expected: false);
            var flipped = (byte[])signature.Clone();
            flipped[i % 64] ^= 0x01;
            AssertSameVerdict(key.PublicKey.ToArray(), message, flipped, expected: false);
            AssertSameVerdict(SigningKey.FromSeed("other-" + i).PublicKey.ToArray(), message, signature, expected: false);
        }
    }

    [Fact]
    public void Both_should_refuse_a_non_canonical_S_plus_L()
    {
        var key = SigningKey.FromSeed("libsodium-spec");
        var signature = key.Sign(Message).ToArray();
        var sPlusL = (new BigInteger(signature.AsSpan(32), isUnsigned: true, isBigEndian: false) + L).ToByteArray(isUnsigned: true, isBigEndian: false);
        var malleated = new byte[64];
        signature.AsSpan(0, 32).CopyTo(malleated);
        sPlusL.CopyTo(malleated, 32);

        AssertSameVerdict(key.PublicKey.ToArray(), Message, malleated, expected: false);
    }

    [Fact]
    public void Both_should_refuse_degenerate_keys_and_signatures_and_wrong_lengths()
    {
        var identity = new byte[32];
        identity[0] = 1; // the neutral element's encoding: a small-order public key
        AssertSameVerdict(identity, Message, new byte[64], expected: false);
        AssertSameVerdict(new byte[32], Message, new byte[64], expected: false);
        var ff = Enumerable.Repeat((byte)0xff, 64).ToArray();
        AssertSameVerdict(ff[..32], Message, ff, expected: false);
        AssertSameVerdict(new byte[31], Message, new byte[64], expected: false);
        AssertSameVerdict(new byte[32], Message, new byte[63], expected: false);
    }

    [Property(MaxTest = 300)]
    public bool Both_should_agree_and_never_throw_on_random_input_of_the_right_lengths(Guid a, Guid b, Guid c, Guid d, Guid e, Guid f)
    {
        var pk = a.ToByteArray().Concat(b.ToByteArray()).ToArray();
        var sig = c.ToByteArray().Concat(d.ToByteArray()).Concat(e.ToByteArray()).Concat(f.ToByteArray()).ToArray();
        sig[63] &= 0x0f; // keep S canonical so the curve code is reached
        return !Ed25519.Verify(pk, Message, sig) && !BouncyCastleEd25519.Verify(pk, Message, sig);
    }
}
