using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Actor.Setup;

namespace Roko.Actors.Network.Overlay;

/// <summary>
/// The certificate each peer's TLS server presented when this node connected to it, by the peer's Akka address
/// (host and port), latest connection wins. Filled by the mutual-TLS validation callback (Akka.Remote calls it on the
/// DotNetty I/O threads, hence thread-safe) and read by the peer sessions. Only outbound connections are recorded:
/// there Akka hands the callback the Akka address it dialled, whereas on an inbound connection it only knows the
/// client's ephemeral socket address, which names no node. With <c>use-passive-connections = off</c>
/// (<c>hocon/mtls.conf</c>) this node writes to a peer only over its own outbound connection, so every peer it
/// exchanges handshakes with has a recorded certificate once the first hello has gone out.
/// </summary>
public sealed class PresentedCertificates
{
    private readonly ConcurrentDictionary<string, X509Certificate2> _byAddress = new(StringComparer.Ordinal);

    /// <summary>Records the certificate of an outbound connection; <paramref name="remotePeer"/> that is not an Akka address (an inbound client's socket) is ignored.</summary>
    public void Record(string remotePeer, X509Certificate2 certificate)
    {
        // The transport sees the address with the scheme prefixes of the layers above it removed (akka., trttl.):
        // "ssl.tcp://roko@host:port". An inbound client's "host:port" or "[v6]:port" has no "://" and no system name.
        if (!remotePeer.Contains("://", StringComparison.Ordinal) || !Uri.TryCreate(remotePeer, UriKind.Absolute, out var uri)
            || uri.UserInfo.Length == 0 || uri.Port <= 0) return;
        _byAddress[Key(uri.Host, uri.Port)] = certificate;
    }

    /// <summary>The certificate the node at <paramref name="peer"/> presented to our last connection to it; null before we connected.</summary>
    public X509Certificate2? PresentedBy(Address peer) =>
        KeyOf(peer) is { } key && _byAddress.TryGetValue(key, out var certificate) ? certificate : null;

    // Host and port only: the scheme differs between the transport (akka.ssl.tcp) and adapters layered over it (akka.trttl.ssl.tcp).
    private static string? KeyOf(Address address) => address.Host is { } host && address.Port is { } port ? Key(host, port) : null;

    private static string Key(string host, int port) => $"{host.ToLowerInvariant()}:{port}";
}

/// <summary>Carries this node's <see cref="PresentedCertificates"/> from <see cref="MutualTls.ForNode"/> into its ActorSystem (absent with TLS off).</summary>
public sealed class PresentedCertificatesSetup(PresentedCertificates certificates) : Setup
{
    public PresentedCertificates Certificates { get; } = certificates;

    public static PresentedCertificates? Of(ActorSystem system) =>
        system.Settings.Setup.Get<PresentedCertificatesSetup>() is { HasValue: true } setup ? setup.Value.Certificates : null;
}
