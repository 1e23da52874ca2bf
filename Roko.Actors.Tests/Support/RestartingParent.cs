using Akka.Actor;

namespace Roko.Actors.Tests.Support;

/// <summary>
/// Stands in for a node's guardian around one actor under test: creates it as its child and restarts it on every
/// failure (a <see cref="Kill"/> included, which /user's default strategy would stop instead).
/// </summary>
public sealed class RestartingParent : ReceiveActor
{
    public static Props Props(Props child, string name) => Akka.Actor.Props.Create(() => new RestartingParent(child, name));

    public RestartingParent(Props child, string name) => Context.ActorOf(child, name);

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Restart);
}
