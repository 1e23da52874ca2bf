using Roko.Actors.Wire;

namespace Roko.Actors.Network.Overlay;

public static class IncarnationGuardProtocol
{
    /// <summary>
    /// Sent by a node that is starting (not yet Up) to the incarnation guards of its seed nodes: "I am the incarnation
    /// <paramref name="Uid"/> of <paramref name="Address"/>; a member at that address with another uid is my previous
    /// run, which is dead". The receiver only believes it when the message came over remoting from that very address.
    /// </summary>
    public sealed record NewIncarnation(string Address, long Uid) : IWireMessage;

    /// <summary>Local timer tick of the starting node: tell the seeds again.</summary>
    internal sealed class NoticeTick
    {
        public static NoticeTick Instance { get; } = new();

        private NoticeTick()
        {
        }
    }
}
