using Akka.Actor;

namespace Roko.Actors.Tests.Support;

/// <summary>
/// Stands in for a node's guardian around one actor under test: creates it as its child and restarts it on every
/// failure (a <see cref="Kill"/> included, which /user's default strategy would stop instead).
/// </summary>
public sealed class RestartingParent : ReceiveActor
{
    /// <summary>Answered with the child's ref.</summary>
    public sealed record GetChild
    {
        public static GetChild Instance { get; } = new();
    }

    public static Props Props(Props child, string childName) => Akka.Actor.Props.Create(() => new RestartingParent(child, childName));

    public RestartingParent(Props child, string name)
    {
        var created = Context.ActorOf(child, name);
        Receive<GetChild>(_ => Sender.Tell(created));
    }

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Restart);
}

public static class RestartingParentExtensions
{
    /// <summary>Starts a <see cref="RestartingParent"/> named <paramref name="name"/> with the child <paramref name="child"/>; returns the child's ref.</summary>
    public static Task<IActorRef> StartUnderRestartingParentAsync(this ActorSystem system, string name, Props child, string childName) =>
        system.ActorOf(RestartingParent.Props(child, childName), name).Ask<IActorRef>(RestartingParent.GetChild.Instance, TimeSpan.FromSeconds(10));
}
