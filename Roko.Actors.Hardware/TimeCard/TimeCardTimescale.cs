namespace Roko.Actors.Hardware.TimeCard;

/// <summary>The time scale the card's PHC keeps (roko.clock.time-card.timescale).</summary>
public enum TimeCardTimescale
{
    /// <summary>TAI, as the OCP Time Card does: UTC = PHC − utc_tai_offset seconds.</summary>
    Tai,

    /// <summary>UTC: the PHC is read as it is (a stand-in clock, or a card set up to keep UTC).</summary>
    Utc,
}
