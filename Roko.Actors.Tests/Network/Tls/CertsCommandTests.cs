using System.CommandLine;
using Roko.Actors.Cli;
using Roko.Actors.Crypto;
using Roko.Actors.Network.Tls;
using Roko.Actors.Tests.Support;
using Xunit;

namespace Roko.Actors.Tests.Network.Tls;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CertsCommandTests
{
    private static int Run(params string[] args) => CertsCommand.Create().Parse(args).Invoke();

    [Fact]
    public void Certs_ca_and_node_should_write_a_ca_and_a_node_certificate_it_signed()
    {
        using var dir = new TempDirectory();
        Assert.Equal(ExitCodes.Success, Run("ca", "--out", dir.Combine("ca"), "--days", "30"));
        var nodeKey = SigningKey.FromSeed("validator-0");
        string keyFile = dir.Combine("validator-0.key");
        KeyFile.Write(keyFile, nodeKey);
        Assert.Equal(ExitCodes.Success, Run("node", "--ca", dir.Combine("ca"), "--name", "validator-0", "--node-key", keyFile, "--out", dir.Combine("nodes")));
        Assert.Equal(ExitCodes.Success, Run("node", "--ca", dir.Combine("ca"), "--name", "validator-1", "--node-key", SigningKey.FromSeed("validator-1").PublicKey.ToString(), "--out", dir.Combine("nodes")));

        var paths = CertificateFiles.NodeIn(dir.Combine("nodes"), "validator-0");
        using var node = CertificateFiles.LoadNode(paths.Pkcs12, "", "");
        Assert.Equal([nodeKey.PublicKey], CertificateNodeKey.NamedKeys(node));
        using var other = CertificateFiles.LoadNode(CertificateFiles.NodeIn(dir.Combine("nodes"), "validator-1").Pkcs12, "", "");
        Assert.Equal([SigningKey.FromSeed("validator-1").PublicKey], CertificateNodeKey.NamedKeys(other));
        using var ca = CertificateFiles.LoadCertificate(CertificateFiles.CaIn(dir.Combine("ca")).Certificate);
        Assert.True(new PeerCertificateValidator(ca).Validate(node, DateTime.Now).Accepted);
        Assert.True(ca.NotAfter < DateTime.Now.AddDays(31));
        Assert.Equal(ca.NotAfter, node.NotAfter);
    }

    [Fact]
    public void Certs_should_fail_without_overwriting_and_without_a_ca()
    {
        using var dir = new TempDirectory();
        Assert.Equal(ExitCodes.Success, Run("ca", "--out", dir.Path));
        byte[] key = File.ReadAllBytes(CertificateFiles.CaIn(dir.Path).Key);

        Assert.Equal(ExitCodes.Failure, Run("ca", "--out", dir.Path));
        Assert.Equal(key, File.ReadAllBytes(CertificateFiles.CaIn(dir.Path).Key));
        string hexKey = SigningKey.FromSeed("validator-0").PublicKey.ToString();
        Assert.Equal(ExitCodes.Failure, Run("node", "--ca", dir.Combine("absent"), "--name", "validator-0", "--node-key", hexKey, "--out", dir.Path));
        Assert.Equal(ExitCodes.Failure, Run("node", "--ca", dir.Path, "--name", "validator-0", "--node-key", dir.Combine("no-such.key"), "--out", dir.Path));
        Assert.False(File.Exists(CertificateFiles.NodeIn(dir.Path, "validator-0").Certificate));
    }

    [Fact]
    public void Certs_should_report_usage_errors_for_bad_days_and_names()
    {
        Assert.NotEmpty(CertsCommand.Create().Parse(["ca", "--out", "/tmp/x", "--days", "0"]).Errors);
        string hexKey = SigningKey.FromSeed("validator-0").PublicKey.ToString();
        Assert.NotEmpty(CertsCommand.Create().Parse(["node", "--ca", "/tmp/x", "--name", "../escape", "--node-key", hexKey, "--out", "/tmp/x"]).Errors);
        Assert.NotEmpty(CertsCommand.Create().Parse(["node", "--ca", "/tmp/x", "--node-key", hexKey, "--out", "/tmp/x"]).Errors);
        Assert.NotEmpty(CertsCommand.Create().Parse(["node", "--ca", "/tmp/x", "--name", "validator-0", "--out", "/tmp/x"]).Errors);
    }
}
