using System.Net;
using System.Security.Cryptography.X509Certificates;
using Roko.Actors.Crypto;
using Roko.Actors.Network.Tls;
using Xunit;

namespace Roko.Actors.Tests.Network.Tls;

public sealed class DevnetCertificateAuthorityTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Year = TimeSpan.FromDays(365);

    [Fact]
    public void Ca_should_be_a_self_signed_certificate_authority_for_end_entities_only()
    {
        using var ca = DevnetCertificateAuthority.CreateCa("test-ca", Now, Year);

        Assert.True(ca.HasPrivateKey);
        Assert.Equal(ca.Subject, ca.Issuer);
        Assert.Equal("ECC", ca.PublicKey.Oid.FriendlyName);
        var constraints = Assert.Single(ca.Extensions.OfType<X509BasicConstraintsExtension>());
        Assert.True(constraints.CertificateAuthority);
        Assert.True(constraints.Critical);
        Assert.Equal(0, constraints.PathLengthConstraint);
        var usage = Assert.Single(ca.Extensions.OfType<X509KeyUsageExtension>());
        Assert.True(usage.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign));
        Assert.Equal(Now + Year, new DateTimeOffset(ca.NotAfter.ToUniversalTime()));
        Assert.Equal(Now - DevnetCertificateAuthority.BackdateForClockSkew, new DateTimeOffset(ca.NotBefore.ToUniversalTime()));
    }

    [Fact]
    public void Node_certificate_should_name_the_node_and_loopback_and_allow_server_and_client_auth()
    {
        using var ca = DevnetCertificateAuthority.CreateCa("test-ca", Now, Year);
        using var node = DevnetCertificateAuthority.IssueNode(ca, "validator-0", SigningKey.FromSeed("validator-0").PublicKey, Now, Year);

        Assert.True(node.HasPrivateKey);
        Assert.Equal(ca.Subject, node.Issuer);
        Assert.Contains("CN=validator-0", node.Subject);
        Assert.False(Assert.Single(node.Extensions.OfType<X509BasicConstraintsExtension>()).CertificateAuthority);
        var names = Assert.Single(node.Extensions.OfType<X509SubjectAlternativeNameExtension>());
        Assert.Equal(["validator-0"], names.EnumerateDnsNames());
        Assert.Equal([IPAddress.Loopback], names.EnumerateIPAddresses());
        var purposes = Assert.Single(node.Extensions.OfType<X509EnhancedKeyUsageExtension>()).EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value);
        Assert.Equal([DevnetCertificateAuthority.ServerAuthOid, DevnetCertificateAuthority.ClientAuthOid], purposes);
    }

    [Fact]
    public void Node_certificate_should_not_outlive_its_ca()
    {
        using var ca = DevnetCertificateAuthority.CreateCa("test-ca", Now, TimeSpan.FromDays(10));
        using var node = DevnetCertificateAuthority.IssueNode(ca, "validator-0", SigningKey.FromSeed("validator-0").PublicKey, Now, Year);

        Assert.Equal(ca.NotAfter, node.NotAfter);
    }

    [Fact]
    public void Issuing_should_refuse_a_name_that_is_not_a_dns_name_and_a_ca_without_its_key()
    {
        using var ca = DevnetCertificateAuthority.CreateCa("test-ca", Now, Year);
        Assert.Throws<ArgumentException>(() => DevnetCertificateAuthority.IssueNode(ca, "../etc/passwd", SigningKey.FromSeed("../etc/passwd").PublicKey, Now, Year));
        Assert.Throws<ArgumentException>(() => DevnetCertificateAuthority.IssueNode(ca, "Upper Case", SigningKey.FromSeed("Upper Case").PublicKey, Now, Year));
        using var publicOnly = X509CertificateLoader.LoadCertificate(ca.RawData);
        Assert.Throws<ArgumentException>(() => DevnetCertificateAuthority.IssueNode(publicOnly, "validator-0", SigningKey.FromSeed("validator-0").PublicKey, Now, Year));
    }
}
