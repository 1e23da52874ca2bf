using Akka.Actor;
using Roko.Actors.LightClient;

namespace Roko.Actors.Light;

/// <summary>Messages between the light node (/user/light) and its witnesses (/user/light/witnesses). None crosses the wire.</summary>
public static class LightWitnessesProtocol
{
    /// <summary>From the light node whenever its primary changes: the contacts to use as witnesses from now on.</summary>
    public sealed record UseWitnesses(IReadOnlyList<ActorPath> Witnesses);

    /// <summary>
    /// From the light node, before it trusts <paramref name="FromPrimary"/> (verified from <paramref name="Trusted"/>): ask
    /// every witness for that height and judge the answers (<see cref="WitnessCrossCheck.Check"/>); answered by <see cref="CrossChecked"/>.
    /// </summary>
    public sealed record CrossCheck(int Generation, TrustedState Trusted, LightBlock FromPrimary);

    /// <summary>The witnesses' verdict on <paramref name="FromPrimary"/>; <paramref name="Answered"/> witnesses served a header at its height.</summary>
    public sealed record CrossChecked(int Generation, LightBlock FromPrimary, WitnessCrossCheck.Outcome Outcome, int Answered);

    /// <summary>
    /// From the light node on its poll: does any witness serve a header at <paramref name="Height"/>, above the head the
    /// primary claims, that verifies from <paramref name="Trusted"/>? Answered by <see cref="AheadProven"/> (or nothing).
    /// </summary>
    public sealed record ProbeAhead(int Generation, TrustedState Trusted, ulong Height);

    /// <summary>Witness <paramref name="Witness"/> served a verifying header at <paramref name="Height"/>.</summary>
    public sealed record AheadProven(int Generation, string Witness, ulong Height);

    /// <summary>From the light node after a conflict: send both light blocks to every witness's validator (its fork monitor).</summary>
    public sealed record ReportConflict(LightBlock First, LightBlock Second);

    /// <summary>Internal: every witness's answer to a cross-check (null: none in time or nothing at that height).</summary>
    internal sealed record Gathered(CrossCheck Check, IActorRef ReplyTo, IReadOnlyList<(string Witness, LightBlock? Block)> Answers);

    /// <summary>Internal: every witness's answer to a probe.</summary>
    internal sealed record Probed(ProbeAhead Probe, IActorRef ReplyTo, IReadOnlyList<(string Witness, LightBlock? Block)> Answers);
}
