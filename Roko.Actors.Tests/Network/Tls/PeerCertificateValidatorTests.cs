using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Roko.Actors.Crypto;
using Roko.Actors.Network.Tls;
using Xunit;

namespace Roko.Actors.Tests.Network.Tls;

public sealed class PeerCertificateValidatorTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly TimeSpan Year = TimeSpan.FromDays(365);
    private static readonly X509Certificate2 NetworkCa = DevnetCertificateAuthority.CreateCa("network-ca", Now, Year);
    private static readonly X509Certificate2 OtherCa = DevnetCertificateAuthority.CreateCa("other-ca", Now, Year);
    private readonly PeerCertificateValidator _validator = new(X509CertificateLoader.LoadCertificate(NetworkCa.RawData));

    [Fact]
    public void Validator_should_accept_a_node_certificate_from_the_network_ca()
    {
        using var node = DevnetCertificateAuthority.IssueNode(NetworkCa, "validator-0", SigningKey.FromSeed("validator-0").PublicKey, Now, Year);
        var verdict = _validator.Validate(node, Now.UtcDateTime);
        Assert.True(verdict.Accepted, verdict.Detail);
    }

    [Fact]
    public void Validator_should_refuse_a_node_certificate_from_another_ca()
    {
        using var node = DevnetCertificateAuthority.IssueNode(OtherCa, "validator-0", SigningKey.FromSeed("validator-0").PublicKey, Now, Year);
        var verdict = _validator.Validate(node, Now.UtcDateTime);
        Assert.Equal(PeerCertificateRefusal.NotFromNetworkCa, verdict.Refusal);
        Assert.Contains("CN=other-ca", verdict.Detail);
    }

    [Fact]
    public void Validator_should_refuse_a_self_signed_certificate_with_the_same_name_as_the_ca()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(NetworkCa.SubjectName, key, HashAlgorithmName.SHA256);
        using var impostor = request.CreateSelfSigned(Now.AddMinutes(-1), Now.AddDays(1));
        Assert.Equal(PeerCertificateRefusal.NotFromNetworkCa, _validator.Validate(impostor, Now.UtcDateTime).Refusal);
    }

    [Fact]
    public void Validator_should_refuse_no_certificate_and_the_ca_certificate_itself()
    {
        Assert.Equal(PeerCertificateRefusal.NoCertificate, _validator.Validate(null, Now.UtcDateTime).Refusal);
        Assert.Equal(PeerCertificateRefusal.CertificateAuthority, _validator.Validate(NetworkCa, Now.UtcDateTime).Refusal);
    }

    [Fact]
    public void Validator_should_refuse_an_expired_certificate_from_the_network_ca()
    {
        using var node = DevnetCertificateAuthority.IssueNode(NetworkCa, "validator-0", SigningKey.FromSeed("validator-0").PublicKey, Now, TimeSpan.FromDays(1));
        var verdict = _validator.Validate(node, Now.AddDays(2).UtcDateTime);
        Assert.Equal(PeerCertificateRefusal.NotFromNetworkCa, verdict.Refusal);
        Assert.Contains("NotTimeValid", verdict.Detail);
    }

    [Fact]
    public void Validator_should_refuse_a_certificate_of_the_network_ca_without_tls_client_authentication()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=server-only", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(DevnetCertificateAuthority.ServerAuthOid)], false));
        using var serverOnly = request.Create(NetworkCa, Now.AddMinutes(-1), Now.AddDays(1), [1, 2, 3]);
        Assert.Equal(PeerCertificateRefusal.NotFromNetworkCa, _validator.Validate(serverOnly, Now.UtcDateTime).Refusal);
    }
}
