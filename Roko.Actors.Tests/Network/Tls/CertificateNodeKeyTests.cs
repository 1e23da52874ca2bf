using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Roko.Actors.Crypto;
using PublicKey = Roko.Actors.Crypto.PublicKey;
using Roko.Actors.Network.Tls;
using Xunit;

namespace Roko.Actors.Tests.Network.Tls;

public sealed class CertificateNodeKeyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Year = TimeSpan.FromDays(365);
    private static readonly PublicKey Own = SigningKey.FromSeed("validator-0").PublicKey;
    private static readonly PublicKey Other = SigningKey.FromSeed("validator-1").PublicKey;

    [Fact]
    public void Issued_node_certificate_should_name_its_node_key_in_a_subject_alt_name_uri()
    {
        using var ca = DevnetCertificateAuthority.CreateCa("network-ca", Now, Year);
        using var node = DevnetCertificateAuthority.IssueNode(ca, "validator-0", Own, Now, Year);

        Assert.Equal([Own], CertificateNodeKey.NamedKeys(node));
        Assert.Equal($"urn:roko:node-key:{Own}", CertificateNodeKey.UriOf(Own).ToString());
    }

    [Fact]
    public void Check_should_accept_a_certificate_that_names_the_proven_key()
    {
        using var ca = DevnetCertificateAuthority.CreateCa("network-ca", Now, Year);
        using var node = DevnetCertificateAuthority.IssueNode(ca, "validator-0", Own, Now, Year);

        var verdict = CertificateNodeKey.Check(node, Own);

        Assert.True(verdict.Accepted, verdict.Detail);
    }

    [Fact]
    public void Check_should_refuse_a_certificate_that_names_another_nodes_key()
    {
        using var ca = DevnetCertificateAuthority.CreateCa("network-ca", Now, Year);
        using var stolen = DevnetCertificateAuthority.IssueNode(ca, "validator-1", Other, Now, Year);

        var verdict = CertificateNodeKey.Check(stolen, Own);

        Assert.False(verdict.Accepted);
        Assert.Equal(CertificateKeyRefusal.NamesAnotherKey, verdict.Refusal);
        Assert.Contains(Other.ToString(), verdict.Detail);
        Assert.Contains(Own.ToString(), verdict.Detail);
    }

    [Fact]
    public void Check_should_refuse_a_certificate_that_names_no_node_key()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=validator-0", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("validator-0");
        names.AddUri(new Uri("urn:roko:node-key:not-hex"));
        request.CertificateExtensions.Add(names.Build());
        using var unnamed = request.CreateSelfSigned(Now, Now + Year);

        var verdict = CertificateNodeKey.Check(unnamed, Own);

        Assert.Equal(CertificateKeyRefusal.NamesNoKey, verdict.Refusal);
    }

    [Fact]
    public void Check_should_refuse_a_certificate_that_names_two_keys_even_if_one_is_the_proven_key()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=validator-0", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddUri(CertificateNodeKey.UriOf(Own));
        names.AddUri(CertificateNodeKey.UriOf(Other));
        request.CertificateExtensions.Add(names.Build());
        using var both = request.CreateSelfSigned(Now, Now + Year);

        var verdict = CertificateNodeKey.Check(both, Own);

        Assert.Equal(CertificateKeyRefusal.NamesSeveralKeys, verdict.Refusal);
    }
}
