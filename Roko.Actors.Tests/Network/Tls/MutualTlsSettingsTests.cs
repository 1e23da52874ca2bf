using Akka.Actor;
using Akka.Configuration;
using Akka.Remote.Transport.DotNetty;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Network;
using Roko.Actors.Network.Overlay;
using Roko.Actors.Network.Tls;
using Roko.Actors.Nodes;
using Roko.Actors.Tests.Support;
using Xunit;

namespace Roko.Actors.Tests.Network.Tls;

public sealed class MutualTlsSettingsTests
{
    private static Config With(string hocon) => ConfigurationFactory.ParseString(hocon).WithFallback(Roko.Actors.Nodes.RokoConfig.Defaults);

    [Fact]
    public void Defaults_should_leave_tls_off_with_devnet_validities()
    {
        var settings = TlsSettings.Create(Roko.Actors.Nodes.RokoConfig.Defaults);
        Assert.False(settings.Enabled);
        Assert.Equal(TimeSpan.FromDays(3650), settings.CaValidity);
        Assert.Equal(TimeSpan.FromDays(365), settings.NodeValidity);
    }

    [Fact]
    public void Enabled_tls_should_require_the_ca_the_certificate_and_a_pem_key()
    {
        var noCa = Assert.Throws<InvalidSettingException>(() => TlsSettings.Create(With("roko.network.tls.enabled = on")));
        Assert.Equal("roko.network.tls.ca-certificate", noCa.Key);
        var noKey = Assert.Throws<InvalidSettingException>(() => TlsSettings.Create(With(
            "roko.network.tls { enabled = on, ca-certificate = ca.crt, node-certificate = node.crt }")));
        Assert.Equal("roko.network.tls.node-key", noKey.Key);
        Assert.True(TlsSettings.Create(With("roko.network.tls { enabled = on, ca-certificate = ca.crt, node-certificate = node.pfx }")).Enabled);
    }

    [Fact]
    public void ForNode_without_tls_should_carry_only_the_config()
    {
        var setup = MutualTls.ForNode(Roko.Actors.Nodes.RokoConfig.Defaults);
        Assert.False(setup.Get<DotNettySslSetup>().HasValue);
        Assert.True(setup.Get<BootstrapSetup>().HasValue);
    }

    [Fact]
    public void ForNode_with_tls_should_require_mutual_authentication_and_enable_ssl()
    {
        using var dir = new TempDirectory();
        var now = DateTimeOffset.UtcNow;
        using var ca = DevnetCertificateAuthority.CreateCa("test-ca", now, TimeSpan.FromDays(1));
        using var node = DevnetCertificateAuthority.IssueNode(ca, "validator-0", SigningKey.FromSeed("validator-0").PublicKey, now, TimeSpan.FromDays(1));
        var caPaths = CertificateFiles.WriteCa(dir.Path, ca);
        var nodePaths = CertificateFiles.WriteNode(dir.Path, "validator-0", node, "");

        var setup = MutualTls.ForNode(With(
            $"roko.network.tls {{ enabled = on, ca-certificate = {Roko.Actors.Nodes.RokoConfig.Quote(caPaths.Certificate)}, node-certificate = {Roko.Actors.Nodes.RokoConfig.Quote(nodePaths.Pkcs12)} }}"));

        var ssl = setup.Get<DotNettySslSetup>().Value;
        Assert.True(ssl.RequireMutualAuthentication);
        Assert.False(ssl.SuppressValidation);
        Assert.NotNull(ssl.CustomValidator);
        Assert.Equal(node.Thumbprint, ssl.Certificate.Thumbprint);
        var config = setup.Get<BootstrapSetup>().Value.Config.Value;
        Assert.True(config.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"));
    }

    [Fact]
    public void ForNode_should_name_a_missing_certificate_file()
    {
        var error = Assert.Throws<ConfigurationException>(() => MutualTls.ForNode(With(
            "roko.network.tls { enabled = on, ca-certificate = /nonexistent/ca.crt, node-certificate = /nonexistent/node.pfx }")));
        Assert.Contains("/nonexistent/ca.crt", error.Message);
    }
}
