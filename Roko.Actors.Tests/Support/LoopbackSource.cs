using System.Net;
using System.Net.Sockets;

namespace Roko.Actors.Tests.Support;

/// <summary>
/// Clients that come from a chosen loopback address. On Linux every address of 127.0.0.0/8 reaches a server bound to
/// 127.0.0.1, and a socket bound to 127.0.0.x before it connects or sends is seen by the server as coming from
/// 127.0.0.x: so specs give a flooder and an honest client distinct addresses on one machine, and per-address standing
/// (the node's guard) is exercised for real. <see cref="LoopbackSourceSpec"/> checks this holds on the machine.
/// </summary>
public static class LoopbackSource
{
    /// <summary>127.0.0.<paramref name="last"/>.</summary>
    public static IPAddress Address(byte last) => new([127, 0, 0, last]);

    /// <summary>An HttpClient whose connections are bound to <paramref name="source"/> before they connect.</summary>
    public static HttpClient HttpClient(IPAddress source, Uri baseAddress, TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancel) =>
            {
                var socket = new Socket(source.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancel);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = timeout };
    }

    /// <summary>A UdpClient bound to <paramref name="source"/> on a port the kernel picks.</summary>
    public static UdpClient UdpClient(IPAddress source) => new(new IPEndPoint(source, 0));
}
