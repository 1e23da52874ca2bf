namespace Roko.Actors.Mempool;

/// <summary>
/// Whether the node is too busy to take new transactions from clients, judged from how late its dispatcher runs a tick
/// that was due (probe lateness): the smoothed lateness (an exponentially weighted moving average) turns the node busy
/// above <see cref="AdmissionSettings.BusyAbove"/> and ready again below <see cref="AdmissionSettings.ClearBelow"/>
/// (hysteresis, so the verdict does not flap). Lateness measures every cost at once — signature checks, gossip, block
/// work, a host shared with other programs — in the unit that matters: how long any message waits for a thread.
/// Pure: fed lateness samples, no clock.
/// </summary>
public sealed class AdmissionLoad(AdmissionSettings settings)
{
    public bool Busy { get; private set; }

    /// <summary>The smoothed lateness.</summary>
    public TimeSpan Lag { get; private set; }

    /// <summary>Takes one lateness sample; true when <see cref="Busy"/> changed with it.</summary>
    public bool Observe(TimeSpan lateness)
    {
        if (lateness < TimeSpan.Zero) lateness = TimeSpan.Zero;
        Lag = TimeSpan.FromTicks(Lag.Ticks + (long)(settings.Smoothing * (lateness.Ticks - Lag.Ticks)));
        bool busy = Busy ? Lag >= settings.ClearBelow : Lag > settings.BusyAbove;
        if (busy == Busy) return false;
        Busy = busy;
        return true;
    }

    /// <summary>The reason a refused client reads.</summary>
    public string Refusal() =>
        $"this node is too busy to take transactions now: its dispatcher runs {Lag.TotalMilliseconds:F0} ms late " +
        $"(roko.mempool.admission.busy-above = {settings.BusyAbove.TotalMilliseconds:F0} ms); retry after {settings.RetryAfter.TotalSeconds:F0} s";
}
