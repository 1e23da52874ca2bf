using Roko.Actors.Hardware.Time;
using Roko.Actors.Primitives;

namespace Roko.Actors.Consensus;

/// <summary>A proposal this node accepted from a round's proposer, with the timeliness of its arrival and when that was.</summary>
public sealed record AcceptedProposal(Proposal Proposal, TimelinessVerdict Timeliness, NanoInterval ReceivedAt)
{
    public ProposedBlock Block => Proposal.Block;
}

/// <summary>
/// The proposals of one round from its proposer. The first one is what this node prevotes on; an equivocating
/// proposer's other blocks are kept too (up to <see cref="MaxBlocksPerRound"/>) so that a block the others lock on
/// or commit can still be recognised.
/// </summary>
public sealed class RoundProposals(AcceptedProposal first)
{
    public const int MaxBlocksPerRound = 8;
    private readonly Dictionary<Hash32, AcceptedProposal> _byBlock = new() { [first.Block.Hash] = first };

    public AcceptedProposal First { get; } = first;

    public bool TryAdd(AcceptedProposal proposal) =>
        _byBlock.Count < MaxBlocksPerRound && _byBlock.TryAdd(proposal.Block.Hash, proposal);

    public AcceptedProposal? ForBlock(Hash32 blockHash) => _byBlock.GetValueOrDefault(blockHash);
}
