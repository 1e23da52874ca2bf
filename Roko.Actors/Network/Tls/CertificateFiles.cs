using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Roko.Actors.Network.Tls;

/// <summary>
/// The files of a devnet's mutual TLS. A CA directory holds <c>ca.crt</c> (PEM, public) and <c>ca.key</c> (PEM
/// PKCS#8, mode 0600). A node directory holds <c>NAME.crt</c>, <c>NAME.key</c> (mode 0600) and <c>NAME.pfx</c>
/// (PKCS#12 with the key, AES-256 encrypted, mode 0600). Writing refuses to overwrite any of them; loading a
/// private key refuses a file that group or others can access.
/// </summary>
public static class CertificateFiles
{
    public const string CaCertificateFile = "ca.crt";
    public const string CaKeyFile = "ca.key";

    public sealed record CaPaths(string Certificate, string Key);

    public sealed record NodePaths(string Certificate, string Key, string Pkcs12);

    public static CaPaths CaIn(string directory) =>
        new(Path.Combine(directory, CaCertificateFile), Path.Combine(directory, CaKeyFile));

    public static NodePaths NodeIn(string directory, string nodeName) =>
        new(Path.Combine(directory, nodeName + ".crt"), Path.Combine(directory, nodeName + ".key"), Path.Combine(directory, nodeName + ".pfx"));

    public static CaPaths WriteCa(string directory, X509Certificate2 ca)
    {
        var paths = CaIn(directory);
        RefuseExisting(paths.Certificate, paths.Key);
        Directory.CreateDirectory(directory);
        FileModes.WritePrivate(paths.Key, PrivateKeyPem(ca));
        FileModes.WritePublic(paths.Certificate, ca.ExportCertificatePem() + "\n");
        return paths;
    }

    /// <summary>Writes the node's files; the PKCS#12 file is encrypted with <paramref name="password"/> (empty allowed).</summary>
    public static NodePaths WriteNode(string directory, string nodeName, X509Certificate2 node, string password)
    {
        var paths = NodeIn(directory, nodeName);
        RefuseExisting(paths.Certificate, paths.Key, paths.Pkcs12);
        Directory.CreateDirectory(directory);
        FileModes.WritePrivate(paths.Key, PrivateKeyPem(node));
        FileModes.WritePrivate(paths.Pkcs12, node.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password));
        FileModes.WritePublic(paths.Certificate, node.ExportCertificatePem() + "\n");
        return paths;
    }

    /// <summary>The CA of <paramref name="directory"/> with its private key, to sign node certificates.</summary>
    public static X509Certificate2 LoadCaWithKey(string directory)
    {
        var paths = CaIn(directory);
        return LoadWithPemKey(paths.Certificate, paths.Key);
    }

    /// <summary>A public certificate from a PEM file (the network CA a node trusts).</summary>
    public static X509Certificate2 LoadCertificate(string path)
    {
        RequireFile(path);
        try
        {
            return X509Certificate2.CreateFromPem(File.ReadAllText(path));
        }
        catch (CryptographicException e)
        {
            throw new CertificateFileException(path, $"not a PEM certificate ({e.Message})");
        }
    }

    /// <summary>
    /// A node's certificate with its private key: a PKCS#12 file (<c>.pfx</c> / <c>.p12</c>) opened with
    /// <paramref name="password"/>, or a PEM certificate with the PEM key at <paramref name="keyPath"/>.
    /// </summary>
    public static X509Certificate2 LoadNode(string certificatePath, string keyPath, string password)
    {
        if (IsPkcs12(certificatePath))
        {
            FileModes.RequireOwnerOnly(certificatePath);
            try
            {
                var certificate = X509CertificateLoader.LoadPkcs12FromFile(certificatePath, password);
                if (!certificate.HasPrivateKey) throw new CertificateFileException(certificatePath, "holds no private key");
                return certificate;
            }
            catch (CryptographicException e)
            {
                throw new CertificateFileException(certificatePath, $"cannot be opened as PKCS#12 with the configured password ({e.Message})");
            }
        }
        if (string.IsNullOrEmpty(keyPath))
            throw new CertificateFileException(certificatePath, "is a PEM certificate; its private key file must be configured too");
        return LoadWithPemKey(certificatePath, keyPath);
    }

    public static bool IsPkcs12(string path) =>
        path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase);

    private static X509Certificate2 LoadWithPemKey(string certificatePath, string keyPath)
    {
        RequireFile(certificatePath);
        FileModes.RequireOwnerOnly(keyPath);
        try
        {
            return X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        catch (CryptographicException e)
        {
            throw new CertificateFileException(keyPath, $"is not the PEM private key of {certificatePath} ({e.Message})");
        }
    }

    private static string PrivateKeyPem(X509Certificate2 certificate)
    {
        using var key = certificate.GetECDsaPrivateKey()
            ?? throw new ArgumentException($"certificate {certificate.Subject} has no ECDSA private key", nameof(certificate));
        return key.ExportPkcs8PrivateKeyPem() + "\n";
    }

    private static void RefuseExisting(params string[] paths)
    {
        foreach (var path in paths)
            if (File.Exists(path)) throw new CertificateFileException(path, "already exists; refusing to overwrite it");
    }

    private static void RequireFile(string path)
    {
        if (!File.Exists(path)) throw new CertificateFileException(path, "does not exist");
    }
}

public sealed class CertificateFileException(string path, string reason) : Exception($"certificate file {path}: {reason}")
{
    public string Path { get; } = path;
}
