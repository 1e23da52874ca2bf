namespace Roko.Actors.Network;

/// <summary>The token bucket one source gets on one <see cref="GuardPath"/>: a sustained rate and a burst.</summary>
public sealed record PathLimit(int RatePerSecond, int Burst, TimeSpan ReplenishPeriod)
{
    /// <summary>Tokens added every <see cref="ReplenishPeriod"/>; the settings reader checks it is whole and at least one.</summary>
    public int TokensPerPeriod => (int)(RatePerSecond * ReplenishPeriod.Ticks / TimeSpan.TicksPerSecond);
}
