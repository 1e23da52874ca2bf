using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using static Roko.Actors.Devnet.LoadGeneratorProtocol;

namespace Roko.Actors.Devnet;

/// <summary>
/// The load generator's mailbox: the runner's <see cref="StopLoad"/> and <see cref="GetLoadReport"/> go ahead of the
/// stream of acknowledgements and commits, which a starved machine piles up by the thousand, so the report for a
/// progress line or the final summary (after Ctrl-C too) comes at the generator's next turn, not behind the backlog.
/// Declared in hocon/devnet.conf as <see cref="Id"/>; otherwise first in, first out.
/// </summary>
public sealed class LoadGeneratorMailbox(Settings settings, Config config) : UnboundedStablePriorityMailbox(settings, config)
{
    public const string Id = "roko-devnet-load-generator-mailbox";
    private const int Control = 0;
    private const int Traffic = 1;

    protected override int PriorityGenerator(object message) => message is GetLoadReport or StopLoad ? Control : Traffic;
}
