namespace Roko.Actors.Mempool;

/// <summary>Messages of the <see cref="AdmissionProbe"/>.</summary>
public static class AdmissionProbeProtocol
{
    /// <summary>The probe's timer: due at <paramref name="DueAt"/> (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
    public sealed record Probe(long DueAt);

    /// <summary>
    /// To the mempool router when the verdict changes: while <paramref name="Busy"/>, clients' new transactions are
    /// refused with <paramref name="Refusal"/> and told to retry after <paramref name="RetryAfter"/>.
    /// </summary>
    public sealed record AdmissionLoadChanged(bool Busy, TimeSpan Lag, string Refusal, TimeSpan RetryAfter);
}
