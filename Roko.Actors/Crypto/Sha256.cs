using System.Security.Cryptography;
using System.Text;
using Roko.Actors.Primitives;

namespace Roko.Actors.Crypto;

/// <summary>SHA-256 producing <see cref="Hash32"/>; the tagged form prefixes a domain string so hashes of different kinds never collide.</summary>
public static class Sha256
{
    public static Hash32 Hash(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[Hash32.Size];
        SHA256.HashData(data, digest);
        return new Hash32(digest);
    }

    /// <summary>SHA-256(u8 length of domain ‖ UTF-8 domain ‖ data).</summary>
    public static Hash32 HashTagged(string domain, ReadOnlySpan<byte> data) => HashTagged(domain, data, []);

    /// <summary>SHA-256(u8 length of domain ‖ UTF-8 domain ‖ first ‖ second), without concatenating the parts first.</summary>
    public static Hash32 HashTagged(string domain, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var domainBytes = Encoding.UTF8.GetBytes(domain);
        if (domainBytes.Length > byte.MaxValue) throw new ArgumentException("domain tag too long", nameof(domain));
        using var hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hasher.AppendData([(byte)domainBytes.Length]);
        hasher.AppendData(domainBytes);
        hasher.AppendData(first);
        hasher.AppendData(second);
        Span<byte> digest = stackalloc byte[Hash32.Size];
        hasher.GetHashAndReset(digest);
        return new Hash32(digest);
    }
}
