using Roko.Actors.Crypto;
using Roko.Actors.Network.Tls;
using Roko.Actors.Tests.Support;
using Xunit;

namespace Roko.Actors.Tests.Network.Tls;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CertificateFilesTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly TimeSpan Year = TimeSpan.FromDays(365);

    [Fact]
    public void Ca_and_node_files_should_keep_private_keys_owner_only_and_load_back()
    {
        using var dir = new TempDirectory();
        using var ca = DevnetCertificateAuthority.CreateCa("test-ca", Now, Year);
        var caPaths = CertificateFiles.WriteCa(dir.Combine("ca"), ca);
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(caPaths.Key));
        Assert.Equal(OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(caPaths.Certificate));

        using var loadedCa = CertificateFiles.LoadCaWithKey(dir.Combine("ca"));
        Assert.True(loadedCa.HasPrivateKey);
        using var node = DevnetCertificateAuthority.IssueNode(loadedCa, "validator-0", SigningKey.FromSeed("validator-0").PublicKey, Now, Year);
        var nodePaths = CertificateFiles.WriteNode(dir.Combine("nodes"), "validator-0", node, "secret");
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(nodePaths.Key));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(nodePaths.Pkcs12));

        using var fromPkcs12 = CertificateFiles.LoadNode(nodePaths.Pkcs12, "", "secret");
        using var fromPem = CertificateFiles.LoadNode(nodePaths.Certificate, nodePaths.Key, "");
        Assert.True(fromPkcs12.HasPrivateKey);
        Assert.True(fromPem.HasPrivateKey);
        Assert.Equal(node.Thumbprint, fromPkcs12.Thumbprint);
        Assert.Equal(node.Thumbprint, fromPem.Thumbprint);
        var validator = new PeerCertificateValidator(CertificateFiles.LoadCertificate(caPaths.Certificate));
        Assert.True(validator.Validate(fromPkcs12, DateTime.Now).Accepted);
    }

    [Fact]
    public void Writing_should_refuse_to_overwrite_and_name_the_file()
    {
        using var dir = new TempDirectory();
        using var ca = DevnetCertificateAuthority.CreateCa("test-ca", Now, Year);
        var paths = CertificateFiles.WriteCa(dir.Path, ca);
        byte[] original = File.ReadAllBytes(paths.Key);

        var error = Assert.Throws<CertificateFileException>(() => CertificateFiles.WriteCa(dir.Path, ca));
        Assert.Equal(paths.Certificate, error.Path);
        Assert.Contains("already exists", error.Message);
        Assert.Equal(original, File.ReadAllBytes(paths.Key));
    }

    [Fact]
    public void Loading_should_refuse_a_key_readable_by_others_and_a_wrong_password()
    {
        using var dir = new TempDirectory();
        using var ca = DevnetCertificateAuthority.CreateCa("test-ca", Now, Year);
        using var node = DevnetCertificateAuthority.IssueNode(ca, "validator-0", SigningKey.FromSeed("validator-0").PublicKey, Now, Year);
        var paths = CertificateFiles.WriteNode(dir.Path, "validator-0", node, "secret");

        var wrongPassword = Assert.Throws<CertificateFileException>(() => CertificateFiles.LoadNode(paths.Pkcs12, "", "guess"));
        Assert.Equal(paths.Pkcs12, wrongPassword.Path);

        File.SetUnixFileMode(paths.Key, OwnerOnly | UnixFileMode.GroupRead);
        var exposed = Assert.Throws<CertificateFileException>(() => CertificateFiles.LoadNode(paths.Certificate, paths.Key, ""));
        Assert.Equal(paths.Key, exposed.Path);
        Assert.Contains("chmod 600", exposed.Message);

        var missing = Assert.Throws<CertificateFileException>(() => CertificateFiles.LoadCertificate(dir.Combine("absent.crt")));
        Assert.Contains("does not exist", missing.Message);
    }
}
