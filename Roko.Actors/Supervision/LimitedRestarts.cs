using Akka.Actor;
using Akka.Actor.Internal;

namespace Roko.Actors.Supervision;

/// <summary>
/// One-for-one supervision under the node's restart policy (<see cref="SupervisionSettings"/>, roko.supervision): the
/// parent's <c>decider</c> says what each kind of failure gets. A child it restarts is restarted at most
/// <c>max-restarts</c> times within <c>restart-window</c> and stopped for good after that; one it stops is stopped at
/// once; resume and escalate are Akka's. The parent hears of restarts and stops inside its own context:
/// <c>onRestart</c> before a child is restarted (to hand its next incarnation what it must not lose) and
/// <c>onGivenUp</c> before it is stopped (to say which child stopped and why).
/// </summary>
public sealed class LimitedRestarts(SupervisionSettings settings, IDecider decider, Action<IActorRef, Exception>? onRestart = null,
    Action<IActorRef, Exception>? onGivenUp = null) : OneForOneStrategy(settings.MaxRestarts, settings.RestartWindow, decider)
{
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
