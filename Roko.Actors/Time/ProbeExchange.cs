using System.Collections.Immutable;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Time.Wire;

namespace Roko.Actors.Time;

/// <summary>
/// One probe of the sampler's, from its sending until it yields a sample or expires: its departure (t1 on our raw
/// source), the echoes that arrived for it (t4 and each echo's token — a forged echo may be among them) and the
/// attestation, once one signed by <see cref="Signer"/> (the key the peer's handshake announced) has verified. The
/// sample uses the echo whose token that attestation signs, so an unsigned echo can never set t4.
/// </summary>
public sealed record ProbeExchange
{
    /// <summary>Echoes kept per probe: the real one and a few forged ones; any more are dropped.</summary>
    public const int MaxEchoes = 4;

    public required string Peer { get; init; }
    public required PublicKey Signer { get; init; }

    /// <summary>The raw source the probe was sent on: both our stamps must be on it.</summary>
    public required IClockSource Source { get; init; }

    /// <summary>The probe's place in its round's burst (0 for the first).</summary>
    public required int Sequence { get; init; }

    /// <summary>Our raw source when the probe was handed to the socket: what the probe timeout counts from.</summary>
    public required long SentAtRaw { get; init; }

    public RawStamp? T1 { get; init; }
    public ImmutableArray<(UInt128 Token, RawStamp T4)> Echoes { get; init; } = [];
    public TimeAttestation? Attestation { get; init; }

    /// <summary>Attestations for this probe that were refused (forged, wrongly signed, unsigned).</summary>
    public int RefusedAttestations { get; init; }

    public ProbeExchange Departed(RawStamp t1) => this with { T1 = t1 };

    public ProbeExchange Echoed(UInt128 token, RawStamp t4) =>
        Echoes.Length >= MaxEchoes || Echoes.Any(e => e.Token == token) ? this : this with { Echoes = Echoes.Add((token, t4)) };

    public ProbeExchange Attested(TimeAttestation verified) => this with { Attestation = verified };

    public ProbeExchange Refused() => this with { RefusedAttestations = RefusedAttestations + 1 };

    /// <summary>True when t1, a verified attestation and the echo it signs are all in.</summary>
    public bool IsComplete => T1 is not null && Attestation is { } a && Echoes.Any(e => e.Token == a.Token);

    /// <summary>
    /// The four-timestamp sample of a complete exchange, or why there is none. Our two stamps must be on one source;
    /// the peer's claimed error is widened by the stamping allowance (drift over the round trip, read noise) and by the
    /// error of carrying each kernel stamp onto the raw source.
    /// </summary>
    public bool TryBuildSample(double maxDriftPpm, long readNoiseNanos, out ProbeSample? sample, out string error)
    {
        sample = null;
        if (!IsComplete)
        {
            error = "the exchange is not complete";
            return false;
        }
        var t1 = T1!.Value;
        var attestation = Attestation!;
        var t4 = Echoes.First(e => e.Token == attestation.Token).T4;
        if (!ReferenceEquals(t1.Source, Source) || !ReferenceEquals(t4.Source, Source))
        {
            error = $"the probe was sent on {Source.Name}, t1 was taken on {t1.Source.Name}, t4 on {t4.Source.Name}";
            return false;
        }
        long roundTrip = Math.Max(0, t4.Raw - t1.Raw);
        long allowance = checked(ProbeSample.StampingAllowanceNanos(roundTrip, maxDriftPpm, readNoiseNanos) + t1.ErrorNanos + t4.ErrorNanos);
        long peerError = attestation.ErrorBoundNanos > long.MaxValue - allowance ? long.MaxValue : attestation.ErrorBoundNanos + allowance;
        if (ProbeSample.TryCreate(new NanoMoment(t1.Raw), attestation.T2, attestation.T3, new NanoMoment(t4.Raw), peerError, out sample, out error))
            return true;
        error += $" (t1 {t1.Raw}{(t1.AtWire ? "" : " read before sending")} ±{t1.ErrorNanos}, t2 {attestation.T2.UnixNanoseconds}, " +
                 $"t3 {attestation.T3.UnixNanoseconds}, t4 {t4.Raw}{(t4.AtWire ? "" : " read after receiving")} ±{t4.ErrorNanos} ns)";
        return false;
    }
}
