using Akka.Actor;
using Akka.Actor.Internal;

namespace Roko.Actors.Supervision;

/// <summary>
/// One-for-one supervision that restarts a failed child, whatever its failure (a <see cref="Kill"/> included), at most
/// <c>maxRestarts</c> times within <c>window</c>, and stops it for good after that. The parent hears of both, inside its
/// own context: <c>onRestart</c> before a child is restarted (to hand its next incarnation what it must not lose) and
/// <c>onGivenUp</c> before it is stopped (to say which child stopped and why).
/// </summary>
public sealed class LimitedRestarts(int maxRestarts, TimeSpan window, Action<IActorRef, Exception>? onRestart = null,
    Action<IActorRef, Exception>? onGivenUp = null) : OneForOneStrategy(maxRestarts, window, _ => Directive.Restart)
{
    public LimitedRestarts(SupervisionSettings settings, Action<IActorRef, Exception>? onRestart = null, Action<IActorRef, Exception>? onGivenUp = null)
        : this(settings.MaxRestarts, settings.RestartWindow, onRestart, onGivenUp)
    {
    }

    public override void ProcessFailure(IActorContext context, bool restart, IActorRef child, Exception cause, ChildRestartStats stats,
        IReadOnlyCollection<ChildRestartStats> children)
    {
        if (restart && stats.RequestRestartPermission(MaxNumberOfRetries, WithinTimeRangeMilliseconds))
        {
            onRestart?.Invoke(child, cause);
            RestartChild(child, cause, suspendFirst: false);
            return;
        }
        onGivenUp?.Invoke(child, cause);
        context.Stop(child);
    }
}
