using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Network;

/// <summary>What the <see cref="DdosGuard"/> decided about one inbound message or report.</summary>
public abstract record GuardVerdict
{
    private GuardVerdict() { }

    public bool IsAllowed => this is Allowed;

    /// <summary>Deliver the message.</summary>
    public sealed record Allowed : GuardVerdict
    {
        public static Allowed Instance { get; } = new();
    }

    /// <summary>
    /// Over the source's rate on that way in; drop the message. <paramref name="Score"/> is its suspicion after this,
    /// <paramref name="RetryAfter"/> when its bucket gets tokens again.
    /// </summary>
    public sealed record RateLimited(double Score, TimeSpan RetryAfter) : GuardVerdict;

    /// <summary>
    /// The address is cut off until <paramref name="Until"/>. <paramref name="JustNow"/> is true for the message
    /// that crossed the threshold, so the caller disconnects, logs and reports once.
    /// </summary>
    public sealed record Blacklisted(NanoMoment Until, bool JustNow) : GuardVerdict;
}
