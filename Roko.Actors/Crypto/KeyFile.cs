using System.Text.Json;
using System.Text.Json.Serialization;

namespace Roko.Actors.Crypto;

/// <summary>
/// Key files: JSON with the public key, its address and the private key, written with mode 0600. Loading
/// refuses a file that group or others can read, write or execute, and a file whose keys do not match.
/// </summary>
public static class KeyFile
{
    public const string Format = "roko-key/v1";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Writes a new key file; refuses to overwrite an existing one.</summary>
    public static void Write(string path, SigningKey key)
    {
        var document = new KeyFileDocument(Format, key.PublicKey.ToString(), key.PublicKey.ToAddress().ToString(),
            Convert.ToHexStringLower(key.PrivateKeyBytes));
        var json = JsonSerializer.SerializeToUtf8Bytes(document, KeyFileJsonContext.Default.KeyFileDocument);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnly;
        try
        {
            using var stream = new FileStream(path, options);
            stream.Write(json);
            stream.Flush(flushToDisk: true);
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new KeyFileException(path, "already exists; refusing to overwrite a key");
        }
    }

    public static SigningKey Load(string path)
    {
        if (!File.Exists(path)) throw new KeyFileException(path, "does not exist");
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & GroupOrOther) != 0)
                throw new KeyFileException(path, $"private key is accessible by group or others (mode {Convert.ToString((int)mode, 8)}); run chmod 600");
        }
        KeyFileDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(File.ReadAllBytes(path), KeyFileJsonContext.Default.KeyFileDocument);
        }
        catch (JsonException e)
        {
            throw new KeyFileException(path, $"not valid key JSON ({e.Message})");
        }
        if (document is null) throw new KeyFileException(path, "empty");
        if (document.Format != Format) throw new KeyFileException(path, $"format is '{document.Format}', expected '{Format}'");
        byte[] privateKey;
        try
        {
            privateKey = Convert.FromHexString(document.PrivateKey ?? "");
        }
        catch (FormatException)
        {
            throw new KeyFileException(path, "private_key is not hexadecimal");
        }
        if (privateKey.Length != Ed25519.PrivateKeySize)
            throw new KeyFileException(path, $"private_key must be {Ed25519.PrivateKeySize} bytes, got {privateKey.Length}");
        var key = new SigningKey(privateKey);
        if (!string.Equals(key.PublicKey.ToString(), document.PublicKey, StringComparison.OrdinalIgnoreCase))
            throw new KeyFileException(path, "public_key does not match private_key");
        return key;
    }
}

public sealed class KeyFileException(string path, string reason) : Exception($"key file {path}: {reason}")
{
    public string Path { get; } = path;
}

internal sealed record KeyFileDocument(
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("public_key")] string PublicKey,
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("private_key")] string? PrivateKey);

[JsonSerializable(typeof(KeyFileDocument))]
internal sealed partial class KeyFileJsonContext : JsonSerializerContext;
