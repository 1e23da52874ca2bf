namespace Roko.Actors.Crypto;

/// <summary>An Ed25519 key pair held in memory.</summary>
public sealed class SigningKey
{
    private readonly byte[] _privateKey;
    private readonly byte[] _publicKeyBytes;

    public PublicKey PublicKey { get; }

    public SigningKey(ReadOnlySpan<byte> privateKey)
    {
        _privateKey = privateKey.ToArray();
        _publicKeyBytes = Ed25519.DerivePublicKey(privateKey);
        PublicKey = PublicKey.FromBytes(_publicKeyBytes);
    }

    public static SigningKey Generate() => new(Ed25519.GeneratePrivateKey());

    /// <summary>Deterministic key from a seed phrase; for devnets and tests only.</summary>
    public static SigningKey FromSeed(string seed) => new(Sha256.HashTagged("roko/devnet-key/v1", System.Text.Encoding.UTF8.GetBytes(seed)).ToArray());

    public Signature Sign(ReadOnlySpan<byte> message) =>
        Signature.FromBytes(Ed25519.Sign(_privateKey, _publicKeyBytes, message));

    internal ReadOnlySpan<byte> PrivateKeyBytes => _privateKey;
}
