namespace Roko.Actors.Hardware.TimeCard;

/// <summary>
/// The card's <c>gnss_sync</c> attribute: locked to GNSS (<c>SYNC</c>), or lost since <see cref="LostAt"/> (<c>LOST @ …</c>,
/// the driver's watchdog stamps the system clock's UTC second at which it first saw the PPS supervisor error).
/// </summary>
public readonly record struct GnssSync(DateTimeOffset? LostAt)
{
    public static GnssSync Locked { get; } = new(null);

    public bool IsLocked => LostAt is null;

    public override string ToString() => LostAt is { } at ? $"LOST @ {at:yyyy-MM-ddTHH:mm:ss}Z" : "SYNC";
}
