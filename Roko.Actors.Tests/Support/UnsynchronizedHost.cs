namespace Roko.Actors.Tests.Support;

/// <summary>
/// Test machines' system clocks are not NTP-synchronized (adjtimex reports STA_UNSYNC), so a node on the default
/// system clock source honestly has an unbounded interval and, as a validator, would sit out every height. Tests that
/// run real nodes on the host clock (not the time card hocon/validator.conf gives validators) assume ±10 ms around it and
/// let validators vote without a time card.
/// </summary>
internal static class UnsynchronizedHost
{
    /// <summary>Top-level HOCON keys (full paths): place outside any <c>roko { }</c> block.</summary>
    public const string ClockHocon = """
        roko.clock.source = system
        roko.clock.assumed-uncertainty = 10ms
        roko.validator.require-time-card = off

        """;
}
