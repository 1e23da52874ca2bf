using System.Text;

namespace Roko.Actors.Network.Tls;

/// <summary>
/// How TLS files are created and checked: private keys owner-only (mode 0600), certificates readable by all
/// (mode 0644), neither ever overwritten; a private key that group or others can access is refused.
/// </summary>
public static class FileModes
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode WorldReadable = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
    private const int OctalBase = 8;

    public static void WritePrivate(string path, string text) => WritePrivate(path, Encoding.ASCII.GetBytes(text));

    public static void WritePrivate(string path, byte[] content) => WriteNew(path, content, OwnerOnly);

    public static void WritePublic(string path, string text) => WriteNew(path, Encoding.ASCII.GetBytes(text), WorldReadable);

    public static void RequireOwnerOnly(string path)
    {
        if (!File.Exists(path)) throw new CertificateFileException(path, "does not exist");
        if (OperatingSystem.IsWindows()) return;
        var mode = File.GetUnixFileMode(path);
        if ((mode & GroupOrOther) != 0)
            throw new CertificateFileException(path, $"private key is accessible by group or others (mode {Convert.ToString((int)mode, OctalBase)}); run chmod 600");
    }

    private static void WriteNew(string path, byte[] content, UnixFileMode mode)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = mode;
        try
        {
            using var stream = new FileStream(path, options);
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new CertificateFileException(path, "already exists; refusing to overwrite it");
        }
    }
}
