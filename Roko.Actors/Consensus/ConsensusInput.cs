using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;

namespace Roko.Actors.Consensus;

/// <summary>
/// Ledger-level check of a proposed block against the state it extends (links, slice, roots, transactions).
/// Null when the block is valid, otherwise why not. Must be pure: the same block always gets the same answer.
/// </summary>
public delegate string? BlockValidator(ProposedBlock block);

/// <summary>
/// Everything that enters the consensus state machine, through the one entry point
/// <see cref="ConsensusMachine.Handle"/>. Network messages, the driver's answers and timer ticks all come this way,
/// so a recorded list of inputs replays a run exactly.
/// </summary>
public abstract record ConsensusInput
{
    private ConsensusInput() { }

    /// <summary>
    /// The driver starts height <paramref name="Height"/> once the previous block is persisted (or at boot).
    /// <paramref name="Record"/> is this validator's signing record as stored, read just before (null: keep the one the
    /// machine holds); at the same height the machine resumes from it, above it the machine follows without signing.
    /// </summary>
    public sealed record StartHeight(ulong Height, ValidatorSet Validators, BlockValidator ValidateBlock, SigningRecord? Record = null) : ConsensusInput;

    /// <summary>A proposal arrived from the network; <paramref name="ReceivedAt"/> is this node's clock at receipt.</summary>
    public sealed record ProposalReceived(Proposal Proposal, NanoInterval ReceivedAt) : ConsensusInput;

    /// <summary>The driver's answer to <see cref="ConsensusEffect.ProposeBlock"/>: the block it assembled.</summary>
    public sealed record ProposalReady(ulong Height, uint Round, ProposedBlock Block) : ConsensusInput;

    /// <summary>A prevote or precommit arrived from the network.</summary>
    public sealed record VoteReceived(Vote Vote) : ConsensusInput;

    /// <summary>
    /// The driver's <see cref="SigningGate"/> opened (<paramref name="Allowed"/>) or shut. Shut, this validator follows the
    /// height without proposing or voting; opened again, it casts at once what it withheld at its current step (the
    /// proposal of its round, or its vote of the step it is in), so a validator that sat out is not mute until the next
    /// round — without that a network where more than a third of the stake sat out could never decide the height.
    /// </summary>
    public sealed record SigningChanged(bool Allowed) : ConsensusInput;

    /// <summary>A timer set by <see cref="ConsensusEffect.ScheduleTimeout"/> expired; stale ones are ignored.</summary>
    public sealed record TimeoutFired(ulong Height, uint Round, ConsensusStep Step) : ConsensusInput;
}
