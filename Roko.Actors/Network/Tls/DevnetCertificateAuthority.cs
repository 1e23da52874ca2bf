using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PublicKey = Roko.Actors.Crypto.PublicKey;

namespace Roko.Actors.Network.Tls;

/// <summary>
/// Builds the certificates of a devnet's mutual TLS: one self-signed CA per network and one certificate per node
/// signed by it. Keys are ECDSA P-256: small certificates and fast handshakes (ECDHE-ECDSA is the default TLS 1.3
/// suite on OpenSSL), key generation in microseconds where RSA 2048 takes tens of milliseconds, and the strength of
/// RSA 3072. Ed25519 would fit the node keys better, but <see cref="CertificateRequest"/> cannot sign with it.
/// The current time is passed in; nothing here reads a clock.
/// </summary>
public static class DevnetCertificateAuthority
{
    public const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>Certificates start this long before "now", so a peer whose clock is a little behind accepts them.</summary>
    public static readonly TimeSpan BackdateForClockSkew = TimeSpan.FromMinutes(5);

    private const int SerialNumberBytes = 16;

    /// <summary>A self-signed CA certificate with its private key: may sign end-entity certificates only (path length 0).</summary>
    public static X509Certificate2 CreateCa(string commonName, DateTimeOffset now, TimeSpan validity)
    {
        RequirePositive(validity);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(DistinguishedName(commonName), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request.CreateSelfSigned(now - BackdateForClockSkew, now + validity);
    }

    /// <summary>
    /// A node certificate signed by <paramref name="ca"/> (which must hold its private key): subject and DNS name
    /// <paramref name="nodeName"/>, IP address 127.0.0.1, the URI naming <paramref name="nodeKey"/> (the node key its
    /// handshake proves, <see cref="CertificateNodeKey"/>), usable as TLS server and client. Its validity ends no later
    /// than the CA's.
    /// </summary>
    public static X509Certificate2 IssueNode(X509Certificate2 ca, string nodeName, PublicKey nodeKey, DateTimeOffset now, TimeSpan validity)
    {
        RequirePositive(validity);
        if (!ca.HasPrivateKey) throw new ArgumentException($"CA certificate {ca.Subject} has no private key", nameof(ca));
        if (!NodeNames.IsValid(nodeName)) throw new ArgumentException(NodeNames.Rule(nodeName), nameof(nodeName));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(DistinguishedName(nodeName), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthOid), new Oid(ClientAuthOid)], critical: false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(nodeName);
        names.AddIpAddress(IPAddress.Loopback);
        names.AddUri(CertificateNodeKey.UriOf(nodeKey));
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));

        var notAfter = now + validity;
        if (notAfter > ca.NotAfter) notAfter = ca.NotAfter;
        using var signed = request.Create(ca, now - BackdateForClockSkew, notAfter, NewSerialNumber());
        return signed.CopyWithPrivateKey(key);
    }

    private static X500DistinguishedName DistinguishedName(string commonName)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(commonName);
        builder.AddOrganizationName("roko devnet");
        return builder.Build();
    }

    private static byte[] NewSerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(SerialNumberBytes);
        serial[0] &= 0x7F; // a positive integer, as RFC 5280 requires
        return serial;
    }

    private static void RequirePositive(TimeSpan validity)
    {
        if (validity <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(validity), validity, "validity must be positive");
    }
}
