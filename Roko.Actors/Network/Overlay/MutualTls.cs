using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Network.Tls;
using Roko.Actors.Nodes;

namespace Roko.Actors.Network.Overlay;

/// <summary>
/// Mutual TLS on Akka.Remote (DotNetty transport, Akka.NET 1.5.74). <see cref="ForNode"/> turns a node's config into
/// the setup its ActorSystem is created with: with <c>roko.network.tls.enabled = off</c> just the config; with it on,
/// the config under <c>hocon/mtls.conf</c> (<c>enable-ssl = on</c>) plus a <see cref="DotNettySslSetup"/> carrying
/// the node's certificate, <c>RequireMutualAuthentication</c> and a validation callback that accepts a peer only
/// when <see cref="PeerCertificateValidator"/> chains its certificate to the network CA. Akka calls the callback on
/// both sides of every connection: the client checks the server's certificate, the server the client's (and refuses
/// a client that presents none before the callback runs). Each certificate a peer's server presents to an outbound
/// connection is also recorded in the node's <see cref="PresentedCertificates"/> (added to the setup), where the peer
/// session checks that it names the node key the peer's handshake proves.
/// </summary>
public static class MutualTls
{
    public static Config Overlay { get; } = RokoConfig.Embedded("mtls.conf");

    /// <summary>The setup to pass to <c>ActorSystem.Create(name, setup)</c>; throws <see cref="ConfigurationException"/> naming the bad key or file.</summary>
    public static ActorSystemSetup ForNode(Config config) => ActorSystemSetup.Create(SetupsForNode(config));

    /// <summary>The parts of <see cref="ForNode"/> one by one (the bootstrap setup with the config first), for a host builder that adds setups singly.</summary>
    public static Setup[] SetupsForNode(Config config)
    {
        TlsSettings settings;
        try
        {
            settings = TlsSettings.Create(config);
        }
        catch (InvalidSettingException e)
        {
            throw new ConfigurationException(e.Message);
        }
        if (!settings.Enabled) return [BootstrapSetup.Create().WithConfig(config)];

        X509Certificate2 ca, node;
        try
        {
            ca = CertificateFiles.LoadCertificate(settings.CaCertificate);
            node = CertificateFiles.LoadNode(settings.NodeCertificate, settings.NodeKey, settings.NodeCertificatePassword);
        }
        catch (CertificateFileException e)
        {
            throw new ConfigurationException($"{TlsSettings.Path}: {e.Message}");
        }
        var bootstrap = BootstrapSetup.Create().WithConfig(Overlay.WithFallback(config));
        var presented = new PresentedCertificates();
        return [bootstrap, SslSetup(node, new PeerCertificateValidator(ca), presented), new PresentedCertificatesSetup(presented)];
    }

    /// <summary>
    /// Mutual authentication with <paramref name="validator"/> as the only judge of a peer's certificate; accepted
    /// certificates of outbound connections go to <paramref name="presented"/> when given.
    /// </summary>
    public static DotNettySslSetup SslSetup(X509Certificate2 nodeCertificate, PeerCertificateValidator validator, PresentedCertificates? presented = null)
    {
        if (!nodeCertificate.HasPrivateKey)
            throw new ConfigurationException($"{TlsSettings.Path}: node certificate {nodeCertificate.Subject} has no private key");
        CertificateValidationCallback validate = (certificate, _, remotePeer, _, log) =>
        {
            var verdict = validator.Validate(certificate, DateTime.Now);
            if (!verdict.Accepted)
                log.Warning("mTLS: refused peer {0}: {1}: {2}", remotePeer, verdict.Refusal, verdict.Detail);
            else if (certificate is not null) presented?.Record(remotePeer, certificate);
            return verdict.Accepted;
        };
        return new DotNettySslSetup(nodeCertificate, suppressValidation: false, requireMutualAuthentication: true, customValidator: validate);
    }
}
