using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PublicKey = Roko.Actors.Crypto.PublicKey;
using Roko.Actors.Primitives;

namespace Roko.Actors.Network.Tls;

/// <summary>
/// How a node's TLS certificate names the node key its signed handshake proves: a SubjectAltName URI
/// <c>urn:roko:node-key:&lt;64 hex digits&gt;</c>. A SAN URI is the standard X.509 slot for an identity that is
/// neither a host name nor an address (SPIFFE puts workload identities there too); it is covered by the CA's signature,
/// needs no private OID, and <c>openssl x509 -text</c> prints it. <see cref="Check"/> is the pure rule the peer session
/// applies: the certificate a peer's TLS connection presented must name exactly the key its handshake proved.
/// </summary>
public static class CertificateNodeKey
{
    public const string UriPrefix = "urn:roko:node-key:";
    private const string SubjectAltNameOid = "2.5.29.17";
    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);

    public static Uri UriOf(PublicKey nodeKey) => new(UriPrefix + nodeKey);

    /// <summary>Every node key the certificate's SubjectAltName URIs name (none when it has no such URI).</summary>
    public static IReadOnlyList<PublicKey> NamedKeys(X509Certificate2 certificate)
    {
        var keys = new List<PublicKey>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value != SubjectAltNameOid) continue;
            foreach (string uri in SubjectAltNameUris(extension.RawData))
            {
                if (!uri.StartsWith(UriPrefix, StringComparison.Ordinal)) continue;
                if (Hash32.TryParse(uri[UriPrefix.Length..], out var key)) keys.Add(new PublicKey(key));
            }
        }
        return keys;
    }

    /// <summary>Whether <paramref name="certificate"/> (already validated against the network CA) names <paramref name="provenKey"/> and no other key.</summary>
    public static CertificateKeyVerdict Check(X509Certificate2 certificate, PublicKey provenKey)
    {
        IReadOnlyList<PublicKey> named;
        try
        {
            named = NamedKeys(certificate);
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            return CertificateKeyVerdict.Refuse(CertificateKeyRefusal.NamesNoKey, $"{certificate.Subject}: unreadable SubjectAltName ({e.Message})");
        }
        return named.Distinct().ToList() switch
        {
            [] => CertificateKeyVerdict.Refuse(CertificateKeyRefusal.NamesNoKey,
                $"TLS certificate {certificate.Subject} names no node key ({UriPrefix}…); the handshake proves {provenKey}"),
            [var only] when only == provenKey => CertificateKeyVerdict.Accept($"TLS certificate {certificate.Subject} names {provenKey}"),
            [var other] => CertificateKeyVerdict.Refuse(CertificateKeyRefusal.NamesAnotherKey,
                $"TLS certificate {certificate.Subject} names node key {other} but the handshake proves {provenKey}"),
            var several => CertificateKeyVerdict.Refuse(CertificateKeyRefusal.NamesSeveralKeys,
                $"TLS certificate {certificate.Subject} names {several.Count} node keys; exactly one is allowed"),
        };
    }

    private static List<string> SubjectAltNameUris(byte[] rawData)
    {
        var uris = new List<string>();
        var reader = new AsnReader(rawData, AsnEncodingRules.DER);
        var names = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        while (names.HasData)
        {
            if (names.PeekTag().HasSameClassAndValue(UriTag)) uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, UriTag));
            else names.ReadEncodedValue();
        }
        return uris;
    }
}

public enum CertificateKeyRefusal
{
    NamesNoKey,
    NamesAnotherKey,
    NamesSeveralKeys,
}

public sealed record CertificateKeyVerdict(bool Accepted, CertificateKeyRefusal? Refusal, string Detail)
{
    public static CertificateKeyVerdict Accept(string detail) => new(true, null, detail);

    public static CertificateKeyVerdict Refuse(CertificateKeyRefusal refusal, string detail) => new(false, refusal, detail);
}
