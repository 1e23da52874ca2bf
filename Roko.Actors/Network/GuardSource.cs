using System.Net;
using Roko.Actors.Crypto;

namespace Roko.Actors.Network;

/// <summary>
/// Whom the <see cref="NodeGuard"/> keeps standing for: a remote address for traffic not (yet) authenticated, a node key
/// for sessions whose handshake proved it. The key is the text the standing is filed under (<c>ip:…</c>, <c>host:…</c>,
/// <c>node:…</c>): one address is one source whatever port or path it comes through, so reconnecting or restarting a
/// session does not reset it.
/// </summary>
public readonly record struct GuardSource
{
    private GuardSource(string key) => Key = key;

    public string Key { get; }

    /// <summary>An IP address; IPv4 addresses mapped into IPv6 (dual-stack sockets) are the IPv4 address.</summary>
    public static GuardSource Address(IPAddress address) =>
        new("ip:" + (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address));

    /// <summary>A host as an Akka address names it: an IP address as <see cref="Address(IPAddress)"/>, else the name.</summary>
    public static GuardSource Host(string host) =>
        IPAddress.TryParse(host, out var address) ? Address(address) : new("host:" + host.ToLowerInvariant());

    /// <summary>A node authenticated by its key (a handshake it signed, or a TLS certificate naming it).</summary>
    public static GuardSource Node(PublicKey key) => new("node:" + key);

    public override string ToString() => Key ?? "";
}
