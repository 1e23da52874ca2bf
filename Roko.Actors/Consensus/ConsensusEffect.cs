using Roko.Actors.Ledger;

namespace Roko.Actors.Consensus;

/// <summary>What the state machine asks its driver to do; docs/consensus.md §Effects says how each is carried out.</summary>
public abstract record ConsensusEffect
{
    private ConsensusEffect() { }

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

    /// <summary>A validator signed two different votes for one (height, round, type): include the evidence in a block.</summary>
    public sealed record EvidenceFound(DuplicateVoteEvidence Evidence) : ConsensusEffect;
}
