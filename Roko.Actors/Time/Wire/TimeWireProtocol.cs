using System.Net;

namespace Roko.Actors.Time.Wire;

/// <summary>Messages of the time-probe endpoint (/user/node/timewire) and what it publishes.</summary>
public static class TimeWireProtocol
{
    /// <summary>
    /// From the sampler: send a probe with <paramref name="Nonce"/> to <paramref name="Host"/>:<paramref name="Port"/>
    /// (the peer's remoting host and the port its handshake announced). The endpoint answers the sender with
    /// <see cref="ProbeDeparted"/>, then <see cref="EchoArrived"/> and <see cref="AttestationArrived"/> as they come.
    /// </summary>
    public sealed record SendTimeProbe(string Host, int Port, UInt128 Nonce);

    /// <summary>To the prober: its probe left at <paramref name="T1"/> on the raw source (the kernel's transmit stamp when it came in time).</summary>
    public sealed record ProbeDeparted(UInt128 Nonce, RawStamp T1);

    /// <summary>To the prober: an echo of its probe arrived at <paramref name="T4"/> on the raw source.</summary>
    public sealed record EchoArrived(TimeEchoDatagram Echo, IPEndPoint From, RawStamp T4);

    /// <summary>To the prober: an attestation for its probe arrived (not yet verified: the prober knows whose key must sign it).</summary>
    public sealed record AttestationArrived(TimeAttestation Attestation, IPEndPoint From);

    /// <summary>
    /// Published on the event stream for every time-probe reply refused (metric <c>roko_time_replies_refused_total</c>):
    /// by the sampler for a reply it cannot verify, by the endpoint for a malformed datagram.
    /// </summary>
    public sealed record TimeReplyRefused(string? Peer, IPEndPoint? From, AttestationRefusal Reason, string Detail);

    /// <summary>Published on the event stream for every attestation whose signature the sampler verified.</summary>
    public sealed record TimeAttestationVerified(string Peer);

    /// <summary>From the receive thread: an echo or an attestation arrived (kernel receive stamp, clocks read just after).</summary>
    internal sealed record DatagramArrived(TimeDatagram Datagram, IPEndPoint From, long? KernelNanos, ClockCapture Capture);

    /// <summary>
    /// From the receive thread: a probe arrived (kernel receive stamp, clocks read just after) and was echoed at once
    /// (clocks read just before sending); the attestation is the endpoint's to make.
    /// </summary>
    internal sealed record ProbeEchoed(TimeEchoDatagram Echo, IPEndPoint From, long? KernelNanos, ClockCapture Arrival, ClockCapture BeforeSending);

    /// <summary>From the receive thread: a datagram that is not a time datagram.</summary>
    internal sealed record DatagramRefused(IPEndPoint? From, string Error);

    /// <summary>From the receive thread: the kernel stamped one of our datagrams on its way out.</summary>
    internal sealed record DatagramStamped(TimeDatagram Datagram, long KernelNanos, ClockCapture Capture);

    /// <summary>Timer: sends whose transmit stamp is overdue take their own pre-send reading.</summary>
    internal sealed class SweepOverdue
    {
        public static SweepOverdue Instance { get; } = new();

        private SweepOverdue()
        {
        }
    }
}
