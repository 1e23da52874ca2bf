using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;

namespace Roko.Actors.Consensus;

public static class ConsensusDriverProtocol
{
    /// <summary>From the driver to the round of a height: a network input for the state machine.</summary>
    public sealed record Feed(ConsensusInput Input);

    /// <summary>
    /// From a round to the driver: its block is journaled; <paramref name="State"/> is the ledger after it.
    /// <paramref name="Decision"/> is the proposal and the certificate's precommits, encoded, for peers still at this height;
    /// <paramref name="Heard"/> the votes the round heard, to catch double signing that arrives after the decision.
    /// </summary>
    public sealed record HeightDecided(ulong Height, LedgerState State, NanoMoment StartedAt,
        IReadOnlyList<(Propagation.MessageKind Kind, byte[] Payload)> Decision, DecidedHeightVotes? Heard);

    /// <summary>
    /// From block sync: the chain store committed blocks fetched from peers up to <paramref name="State"/>; if that is at
    /// or past the height being decided, the driver drops its round and continues from there.
    /// </summary>
    public sealed record ChainAdvanced(LedgerState State);

    /// <summary>
    /// Timer (every resend-interval while the participation gate refuses this validator): when the refusal has cleared
    /// (e.g. the clock got synchronized), the signing gate opens and the running round casts the proposal or vote it
    /// withheld at its current step. Without it a validator that sat out a height could not take part before the next
    /// height, and a network where more than a third of the stake started unsynchronized would never decide one.
    /// </summary>
    public sealed record RecheckParticipation
    {
        public static RecheckParticipation Instance { get; } = new();
    }

    /// <summary>Timer tick of the driver: start the next height (after the block interval).</summary>
    public sealed record StartNextHeight
    {
        public static StartNextHeight Instance { get; } = new();
    }

    /// <summary>Timer tick of a round: re-send this node's proposal and votes of the height.</summary>
    public sealed record ResendOwnMessages
    {
        public static ResendOwnMessages Instance { get; } = new();
    }

    /// <summary>From the driver to the round of a height: the <see cref="SigningGate"/> opened or shut.</summary>
    public sealed record SigningGateChanged(bool Open);

    /// <summary>Asks for the current height and round; answered by <see cref="CurrentConsensusState"/>.</summary>
    public sealed record GetConsensusState
    {
        public static GetConsensusState Instance { get; } = new();
    }

    public sealed record CurrentConsensusState(ulong Height, uint Round, ConsensusStep Step, bool Proposing);

    /// <summary>Event stream: a validator double-signed; the evidence is kept for inclusion.</summary>
    public sealed record EvidenceDetected(DuplicateVoteEvidence Evidence);
}
