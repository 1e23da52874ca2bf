using System.Buffers.Binary;
using System.Buffers.Text;

namespace Roko.Actors.Archive;

/// <summary>
/// The opaque cursor of an account's history: the page after it holds entries strictly below <see cref="BeforeHeight"/>.
/// On the wire: base64url of a version byte and the height (little-endian), so clients cannot build one by hand.
/// </summary>
public readonly record struct HistoryCursor(ulong BeforeHeight)
{
    private const byte Version = 1;
    private const int Size = 1 + sizeof(ulong);

    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[Size];
        bytes[0] = Version;
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[1..], BeforeHeight);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Null error when <paramref name="text"/> is a cursor this node issued; otherwise why it is not.</summary>
    public static (HistoryCursor Cursor, string? Error) Decode(string text)
    {
        Span<byte> bytes = stackalloc byte[Size + 3];
        if (!Base64Url.IsValid(text) || !Base64Url.TryDecodeFromChars(text, bytes, out int written) || written != Size)
            return (default, "is not a cursor issued by this node (take it from nextCursor of the previous page)");
        if (bytes[0] != Version) return (default, $"has version {bytes[0]}, this node issues version {Version}");
        return (new HistoryCursor(BinaryPrimitives.ReadUInt64LittleEndian(bytes[1..Size])), null);
    }
}
