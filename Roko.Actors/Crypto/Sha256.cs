using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Roko.Actors.Primitives;

namespace Roko.Actors.Crypto;

/// <summary>SHA-256 producing <see cref="Hash32"/>; the tagged form prefixes a domain string so hashes of different kinds never collide.</summary>
public static class Sha256
{
    /// <summary>Inputs up to this many bytes are hashed from the stack; longer ones from a pooled array.</summary>
    private const int StackLimit = 1024;

    public static Hash32 Hash(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[Hash32.Size];
        SHA256.HashData(data, digest);
        return new Hash32(digest);
    }

    /// <summary>SHA-256(u8 length of domain ‖ UTF-8 domain ‖ data).</summary>
    public static Hash32 HashTagged(string domain, ReadOnlySpan<byte> data) => HashTagged(domain, data, []);

    /// <summary>SHA-256(u8 length of domain ‖ UTF-8 domain ‖ first ‖ second), in one pass over one buffer.</summary>
    public static Hash32 HashTagged(string domain, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        int domainLength = Encoding.UTF8.GetByteCount(domain);
        if (domainLength > byte.MaxValue) throw new ArgumentException("domain tag too long", nameof(domain));
        int length = 1 + domainLength + first.Length + second.Length;
        // One-shot hashing of a contiguous buffer: an IncrementalHash per call cost a native context allocation each time.
        byte[]? rented = length > StackLimit ? ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> buffer = rented is null ? stackalloc byte[StackLimit] : rented;
        buffer = buffer[..length];
        buffer[0] = (byte)domainLength;
        Encoding.UTF8.GetBytes(domain, buffer.Slice(1, domainLength));
        first.CopyTo(buffer[(1 + domainLength)..]);
        second.CopyTo(buffer[(1 + domainLength + first.Length)..]);
        Span<byte> digest = stackalloc byte[Hash32.Size];
        SHA256.HashData(buffer, digest);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        return new Hash32(digest);
    }
}
