using Roko.Actors.Ledger;

namespace Roko.Actors.Consensus;

/// <summary>What the state machine asks its driver to do; docs/consensus.md §Effects says how each is carried out.</summary>
public abstract record ConsensusEffect
{
    private ConsensusEffect() { }

    /// <summary>
    /// Store <paramref name="Record"/> durably (committed and fsync'd) before carrying out any effect after this one: the
    /// broadcasts that follow are what it guards. A write that fails must stop the driver before anything else is sent.
    /// </summary>
    public sealed record RecordSigning(SigningRecord Record) : ConsensusEffect;

    /// <summary>The signing record refused a signature the machine was about to make; nothing was signed or sent. An error to log.</summary>
    public sealed record SigningRefused(ConsensusStep Step, ulong Height, uint Round, SigningRefusalReason Reason, string Detail) : ConsensusEffect;

    /// <summary>
    /// The height starts below the signing record's height (e.g. the chain lost blocks this validator had signed past):
    /// it follows this height without signing anything, and signs again from the record's height on.
    /// </summary>
    public sealed record SigningRecordAhead(ulong Height, ulong RecordHeight) : ConsensusEffect;

    /// <summary>The height resumed from <paramref name="Record"/> at its position; its signed messages follow as broadcasts again.</summary>
    public sealed record HeightResumed(SigningRecord Record) : ConsensusEffect;

    /// <summary>Gossip this node's signed proposal to all validators.</summary>
    public sealed record BroadcastProposal(Proposal Proposal) : ConsensusEffect;

    /// <summary>Flood this node's signed vote to all validators.</summary>
    public sealed record BroadcastVote(Vote Vote) : ConsensusEffect;

    /// <summary>Feed <see cref="ConsensusInput.TimeoutFired"/> with the same (height, round, step) after <paramref name="Duration"/>.</summary>
    public sealed record ScheduleTimeout(ulong Height, uint Round, ConsensusStep Step, TimeSpan Duration) : ConsensusEffect;

    /// <summary>This node proposes at (height, round): assemble a block and answer with <see cref="ConsensusInput.ProposalReady"/>.</summary>
    public sealed record ProposeBlock(ulong Height, uint Round) : ConsensusEffect;

    /// <summary>
    /// The height is decided: persist the block with its certificate, then start the next height. Peers still at this
    /// height catch up when they are sent <paramref name="Proposal"/> and <see cref="CertificateVotes"/>.
    /// </summary>
    public sealed record CommitBlock(ProposedBlock Block, CommitCertificate Certificate, Proposal Proposal) : ConsensusEffect
    {
        public Block ToBlock() => Block.WithCommit(Certificate);

        /// <summary>The certificate's signatures as the precommit votes they are.</summary>
        public IEnumerable<Vote> CertificateVotes => Certificate.Signatures.Select(s => new Vote(VoteType.Precommit,
            Block.Header.ChainId, Certificate.Height, Certificate.Round, Certificate.BlockHash, s.Clock, s.Validator, s.Signature));
    }

    /// <summary>
    /// This validator prevotes nil at (height, round) for <paramref name="Reason"/>; <paramref name="Detail"/> says it in
    /// figures. The driver logs it and counts it by reason: a failed round names its cause.
    /// </summary>
    public sealed record PrevotedNil(ulong Height, uint Round, NilPrevoteReason Reason, string Detail) : ConsensusEffect;

    /// <summary>A validator signed two different votes for one (height, round, type): include the evidence in a block.</summary>
    public sealed record EvidenceFound(DuplicateVoteEvidence Evidence) : ConsensusEffect;
}

/// <summary>Why a validator prevoted nil instead of the round's proposal (metric label: the snake_case name).</summary>
public enum NilPrevoteReason
{
    /// <summary>No proposal from the round's proposer arrived within the propose timeout.</summary>
    NoProposal,
    /// <summary>The proposed block breaks a ledger rule.</summary>
    InvalidBlock,
    /// <summary>The proposal arrived before its block time − precision (the proposer's clock is ahead).</summary>
    TooEarly,
    /// <summary>The proposal arrived after its block time + the round's message delay + precision.</summary>
    TooLate,
    /// <summary>This validator is locked on another block from a round the proposal does not supersede.</summary>
    LockedOnOther,
}
