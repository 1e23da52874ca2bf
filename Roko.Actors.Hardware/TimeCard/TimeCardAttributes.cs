namespace Roko.Actors.Hardware.TimeCard;

/// <summary>
/// What the <c>ptp_ocp</c> driver shows of one card under <c>/sys/class/timecard/ocpN/</c>, parsed.
/// </summary>
/// <param name="Card">The card's directory name, e.g. <c>ocp0</c>.</param>
/// <param name="Gnss"><c>gnss_sync</c> (<c>gps_sync</c> on kernels before 5.15).</param>
/// <param name="ClockSource"><c>clock_source</c>: what the PHC is adjusted from (PPS, TOD, IRIG, DCF, NONE, …).</param>
/// <param name="PtpDevice">The character device behind the <c>ptp</c> link, e.g. <c>/dev/ptp2</c>.</param>
/// <param name="StatusOffset"><c>clock_status_offset</c> (kernels since 5.18): the firmware's current disciplining offset; null when absent.</param>
/// <param name="StatusDrift"><c>clock_status_drift</c> (kernels since 5.18): the firmware's current disciplining drift; null when absent.</param>
/// <param name="UtcTaiOffsetSeconds"><c>utc_tai_offset</c>: seconds between the card's TAI time base and UTC; null when absent.</param>
public sealed record TimeCardAttributes(
    string Card,
    GnssSync Gnss,
    string ClockSource,
    string PtpDevice,
    long? StatusOffset,
    long? StatusDrift,
    int? UtcTaiOffsetSeconds)
{
    public override string ToString() =>
        $"{Card} ({PtpDevice}): gnss_sync {Gnss}, clock_source {ClockSource}" +
        (StatusOffset is { } offset ? $", clock_status_offset {offset}" : "") +
        (StatusDrift is { } drift ? $", clock_status_drift {drift}" : "") +
        (UtcTaiOffsetSeconds is { } tai ? $", utc_tai_offset {tai}" : "");
}
