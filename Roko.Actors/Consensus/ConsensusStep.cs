namespace Roko.Actors.Consensus;

/// <summary>
/// Where a validator is inside one round of a height (docs/consensus.md §Terms). <see cref="Commit"/> means the
/// height is decided and the machine waits for <see cref="ConsensusInput.StartHeight"/> of the next one.
/// </summary>
public enum ConsensusStep : byte
{
    Propose = 1,
    Prevote = 2,
    Precommit = 3,
    Commit = 4,
}
