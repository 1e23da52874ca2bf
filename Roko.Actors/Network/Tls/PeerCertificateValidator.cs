using System.Security.Cryptography.X509Certificates;

namespace Roko.Actors.Network.Tls;

/// <summary>
/// Accepts a peer's TLS certificate only when it chains to the network's CA, the one and only trust anchor
/// (<see cref="X509ChainTrustMode.CustomRootTrust"/>: the system's root store is never consulted), is valid at the
/// given time, is an end-entity certificate and allows both TLS server and client authentication. The host name
/// is not checked: nodes connect by IP address and every node certificate of the network is equally trusted.
/// Revocation is not checked (a devnet CA publishes no revocation list).
/// </summary>
public sealed class PeerCertificateValidator(X509Certificate2 networkCa)
{
    public X509Certificate2 NetworkCa { get; } = networkCa;

    public PeerCertificateVerdict Validate(X509Certificate2? peer, DateTime verificationTime)
    {
        if (peer is null) return PeerCertificateVerdict.Refuse(PeerCertificateRefusal.NoCertificate, "the peer presented no certificate");
        if (peer.Extensions.OfType<X509BasicConstraintsExtension>().Any(c => c.CertificateAuthority))
            return PeerCertificateVerdict.Refuse(PeerCertificateRefusal.CertificateAuthority, $"{peer.Subject} is a CA certificate, not a node certificate");

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(NetworkCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        chain.ChainPolicy.VerificationTime = verificationTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.ApplicationPolicy.Add(new(DevnetCertificateAuthority.ServerAuthOid));
        chain.ChainPolicy.ApplicationPolicy.Add(new(DevnetCertificateAuthority.ClientAuthOid));
        if (chain.Build(peer))
            return PeerCertificateVerdict.Accept($"{peer.Subject} chains to {NetworkCa.Subject}");

        var problems = chain.ChainStatus.Select(s => $"{s.Status}: {s.StatusInformation.Trim()}").Distinct();
        return PeerCertificateVerdict.Refuse(PeerCertificateRefusal.NotFromNetworkCa,
            $"{peer.Subject} (issuer {peer.Issuer}) does not chain to the network CA {NetworkCa.Subject}: {string.Join("; ", problems)}");
    }
}

public enum PeerCertificateRefusal
{
    NoCertificate,
    CertificateAuthority,
    NotFromNetworkCa,
}

public sealed record PeerCertificateVerdict(bool Accepted, PeerCertificateRefusal? Refusal, string Detail)
{
    public static PeerCertificateVerdict Accept(string detail) => new(true, null, detail);

    public static PeerCertificateVerdict Refuse(PeerCertificateRefusal refusal, string detail) => new(false, refusal, detail);
}
