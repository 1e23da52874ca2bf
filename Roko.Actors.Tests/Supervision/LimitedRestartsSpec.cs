using System.Collections.Concurrent;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Roko.Actors.Nodes;
using Roko.Actors.Supervision;
using Xunit;

namespace Roko.Actors.Tests.Supervision;

public sealed class LimitedRestartsSpec : TestKit
{
    // TestKit's 3 s default once ran out on a loaded CI host before the third kill's stop was seen.
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    /// <summary>A parent supervising one echoing child with <see cref="LimitedRestarts"/>, recording what the strategy tells it.</summary>
    private sealed class Parent : ReceiveActor
    {
        private readonly ConcurrentQueue<string> _events;
        private readonly SupervisionSettings _settings;
        private readonly IDecider _decider;

        public Parent(int maxRestarts, IDecider decider, ConcurrentQueue<string> events)
        {
            _events = events;
            _settings = SupervisionSettings.Create(RokoConfig.Defaults) with { MaxRestarts = maxRestarts };
            _decider = decider;
            var child = Context.ActorOf(Props.Create(() => new Echo()), "child");
            ReceiveAny(m => Sender.Tell(child));
        }

        protected override SupervisorStrategy SupervisorStrategy() => new LimitedRestarts(_settings, _decider,
            onRestart: (child, cause) => _events.Enqueue($"restart {child.Path.Name} after {cause.GetType().Name}"),
            onGivenUp: (child, cause) => _events.Enqueue($"given up {child.Path.Name} after {cause.GetType().Name}"));
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m));
    }

    [Fact]
    public async Task LimitedRestarts_should_restart_a_child_up_to_its_limit_then_stop_it_and_tell_the_parent_each_time()
    {
        var events = new ConcurrentQueue<string>();
        var parent = Sys.ActorOf(Props.Create(() => new Parent(2, Decider.From(Directive.Restart), events)), "parent");
        var child = await parent.Ask<IActorRef>("child?", Generous);
        Watch(child);

        for (int kill = 1; kill <= 2; kill++)
        {
            child.Tell(Kill.Instance);
            child.Tell($"alive after kill {kill}", TestActor);
            ExpectMsg($"alive after kill {kill}", Generous);
        }
        child.Tell(Kill.Instance);

        ExpectTerminated(child, Generous);
        Assert.Equal(["restart child after ActorKilledException", "restart child after ActorKilledException",
            "given up child after ActorKilledException"], events.ToArray());
    }

    [Fact]
    public async Task LimitedRestarts_should_stop_a_child_at_once_and_tell_the_parent_when_the_decider_says_stop()
    {
        var events = new ConcurrentQueue<string>();
        var decider = Decider.From(Directive.Restart, Directive.Stop.When<ActorKilledException>());
        var parent = Sys.ActorOf(Props.Create(() => new Parent(2, decider, events)), "parent");
        var child = await parent.Ask<IActorRef>("child?", Generous);
        Watch(child);

        child.Tell(Kill.Instance);

        ExpectTerminated(child, Generous);
        Assert.Equal(["given up child after ActorKilledException"], events.ToArray());
    }
}
