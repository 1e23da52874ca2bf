namespace Roko.Actors.Network;

/// <summary>Running totals of a <see cref="DdosGuard"/>, for metrics.</summary>
public sealed class DdosGuardCounters
{
    public long Allowed { get; internal set; }
    public long RateLimited { get; internal set; }
    /// <summary>Messages refused because their address was already blacklisted.</summary>
    public long RefusedWhileBlacklisted { get; internal set; }
    public long InvalidMessages { get; internal set; }
    public long Blacklistings { get; internal set; }
    /// <summary>Addresses forgotten to keep the tracked set bounded.</summary>
    public long Evictions { get; internal set; }
    public long LimitersCreated { get; internal set; }
    public long LimitersDisposed { get; internal set; }
    public long LiveLimiters => LimitersCreated - LimitersDisposed;
}
