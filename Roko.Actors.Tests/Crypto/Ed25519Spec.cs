using System.Numerics;
using System.Text;
using FsCheck.Xunit;
using Roko.Actors.Crypto;
using Xunit;

namespace Roko.Actors.Tests.Crypto;

public class Ed25519Spec
{
    // RFC 8032 §7.1, TEST 1 (empty message).
    private const string Rfc8032SecretKey = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private const string Rfc8032PublicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private const string Rfc8032Signature =
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    private static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493");

    private static readonly SigningKey Key = SigningKey.FromSeed("ed25519-spec");
    private static readonly byte[] Message = Encoding.UTF8.GetBytes("pay bob 5 ROKO");

    [Fact]
    public void The_RFC_8032_test_1_vector_should_verify_and_be_reproduced_by_Sign()
    {
        var sk = Convert.FromHexString(Rfc8032SecretKey);
        var pk = Convert.FromHexString(Rfc8032PublicKey);
        Assert.Equal(Rfc8032PublicKey, Convert.ToHexStringLower(Ed25519.DerivePublicKey(sk)));
        Assert.True(Ed25519.Verify(pk, [], Convert.FromHexString(Rfc8032Signature)));
        Assert.Equal(Rfc8032Signature, Convert.ToHexStringLower(Ed25519.Sign(sk, pk, [])));
        Assert.Equal(Rfc8032Signature, new SigningKey(sk).Sign([]).ToString());
    }

    [Fact]
    public void Verify_should_accept_a_signature_made_by_Sign()
    {
        var signature = Key.Sign(Message);
        Assert.True(Ed25519.Verify(Key.PublicKey.ToArray(), Message, signature.ToArray()));
    }

    [Fact]
    public void Generated_keys_should_sign_and_verify()
    {
        var key = SigningKey.Generate();
        Assert.True(Ed25519.Verify(key.PublicKey.ToArray(), Message, key.Sign(Message).ToArray()));
        Assert.NotEqual(key.PublicKey, SigningKey.Generate().PublicKey);
    }

    [Fact]
    public void Verify_should_refuse_a_tampered_message_key_or_signature()
    {
        var signature = Key.Sign(Message).ToArray();
        var otherMessage = (byte[])Message.Clone();
        otherMessage[0] ^= 1;
        Assert.False(Ed25519.Verify(Key.PublicKey.ToArray(), otherMessage, signature));
        Assert.False(Ed25519.Verify(SigningKey.FromSeed("someone else").PublicKey.ToArray(), Message, signature));
        for (int i = 0; i < Signature.Size; i += 7)
        {
            var bad = (byte[])signature.Clone();
            bad[i] ^= 0x10;
            Assert.False(Ed25519.Verify(Key.PublicKey.ToArray(), Message, bad));
        }
    }

    [Fact]
    public void Verify_should_refuse_a_non_canonical_signature_with_S_plus_L_while_the_original_verifies()
    {
        var signature = Key.Sign(Message).ToArray();
        var s = new BigInteger(signature.AsSpan(32), isUnsigned: true, isBigEndian: false);
        var sPlusL = (s + L).ToByteArray(isUnsigned: true, isBigEndian: false);
        Assert.True(sPlusL.Length <= 32);
        var malleated = new byte[64];
        signature.AsSpan(0, 32).CopyTo(malleated);
        sPlusL.CopyTo(malleated, 32);

        Assert.True(Ed25519.Verify(Key.PublicKey.ToArray(), Message, signature));
        Assert.False(Ed25519.IsCanonicalScalar(malleated.AsSpan(32)));
        Assert.False(Ed25519.Verify(Key.PublicKey.ToArray(), Message, malleated));
    }

    [Fact]
    public void IsCanonicalScalar_should_accept_L_minus_1_and_refuse_L()
    {
        byte[] Le(BigInteger v)
        {
            var bytes = new byte[32];
            v.ToByteArray(isUnsigned: true, isBigEndian: false).CopyTo(bytes, 0);
            return bytes;
        }
        Assert.True(Ed25519.IsCanonicalScalar(Le(L - 1)));
        Assert.True(Ed25519.IsCanonicalScalar(Le(0)));
        Assert.False(Ed25519.IsCanonicalScalar(Le(L)));
        Assert.False(Ed25519.IsCanonicalScalar(Le(L + 1)));
        Assert.False(Ed25519.IsCanonicalScalar(Le(BigInteger.Pow(2, 256) - 1)));
        Assert.False(Ed25519.IsCanonicalScalar(new byte[31]));
    }

    [Theory]
    [InlineData(0, 64)]
    [InlineData(31, 64)]
    [InlineData(33, 64)]
    [InlineData(32, 0)]
    [InlineData(32, 63)]
    [InlineData(32, 65)]
    public void Verify_should_return_false_for_wrong_lengths(int keyLength, int signatureLength)
    {
        Assert.False(Ed25519.Verify(new byte[keyLength], Message, new byte[signatureLength]));
    }

    [Fact]
    public void Verify_should_return_false_for_an_all_zero_or_all_ff_key_and_signature()
    {
        Assert.False(Ed25519.Verify(new byte[32], Message, new byte[64]));
        var ff = Enumerable.Repeat((byte)0xff, 64).ToArray();
        Assert.False(Ed25519.Verify(ff[..32], Message, ff));
        Assert.False(Ed25519.Verify(ff[..32], [], Key.Sign([]).ToArray()));
    }

    [Property(MaxTest = 300)]
    public bool Verify_should_never_throw_on_random_input(byte[] publicKey, byte[] message, byte[] signature) =>
        !Ed25519.Verify(publicKey ?? [], message ?? [], signature ?? []);

    [Property(MaxTest = 300)]
    public bool Verify_should_never_throw_on_random_input_of_the_right_lengths(Guid a, Guid b, Guid c, Guid d, Guid e, Guid f)
    {
        var pk = a.ToByteArray().Concat(b.ToByteArray()).ToArray();
        var sig = c.ToByteArray().Concat(d.ToByteArray()).Concat(e.ToByteArray()).Concat(f.ToByteArray()).ToArray();
        sig[63] &= 0x0f; // keep S canonical so the curve code is reached
        return !Ed25519.Verify(pk, Message, sig);
    }

    [Fact]
    public void Sign_and_DerivePublicKey_should_refuse_keys_of_the_wrong_length()
    {
        Assert.Throws<ArgumentException>(() => Ed25519.DerivePublicKey(new byte[31]));
        Assert.Throws<ArgumentException>(() => Ed25519.Sign(new byte[31], new byte[32], Message));
        Assert.Throws<ArgumentException>(() => Ed25519.Sign(new byte[32], new byte[33], Message));
    }

    [Fact]
    public void FromSeed_should_be_deterministic_and_seed_specific()
    {
        Assert.Equal(SigningKey.FromSeed("x").PublicKey, SigningKey.FromSeed("x").PublicKey);
        Assert.NotEqual(SigningKey.FromSeed("x").PublicKey, SigningKey.FromSeed("y").PublicKey);
    }
}
