using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Verification;

/// <summary>The result of re-checking one node's chain from genesis.</summary>
public sealed record ChainVerdict(string Chain, ulong VerifiedHeight, Hash32 Head, string? Problem, ulong? BadHeight,
    IReadOnlyList<Hash32> BlockHashes)
{
    public bool IsValid => Problem is null;

    public override string ToString() => IsValid
        ? $"{Chain}: valid, {VerifiedHeight} block(s), head {Head}"
        : $"{Chain}: INVALID at height {BadHeight}: {Problem} (blocks 1..{VerifiedHeight} are valid)";
}

/// <summary>
/// Replays a stored chain from genesis through the full <see cref="LedgerTransition"/>: hash links, Merkle and state
/// roots, every signature, time-slice order, slot uniqueness and commit quorum. Pure over its inputs.
/// </summary>
public static class ChainVerifier
{
    /// <summary><paramref name="events"/> yields (sequence number, block or a decoding problem) in journal order.</summary>
    public static ChainVerdict Verify(string name, Genesis genesis, IEnumerable<(long SequenceNr, Block? Block, string? DecodeProblem)> events)
    {
        var state = LedgerState.FromGenesis(genesis);
        var hashes = new List<Hash32>();
        foreach (var (sequenceNr, block, decodeProblem) in events)
        {
            ulong expected = state.Height + 1;
            if (decodeProblem is not null)
                return new ChainVerdict(name, state.Height, state.LastBlockHash, $"journal entry {sequenceNr} cannot be decoded: {decodeProblem}", expected, hashes);
            if ((ulong)sequenceNr != expected)
                return new ChainVerdict(name, state.Height, state.LastBlockHash,
                    $"journal entry {sequenceNr} follows block {state.Height}: block {expected} is missing", expected, hashes);
            var result = LedgerTransition.Apply(state, block!);
            if (!result.IsValid)
                return new ChainVerdict(name, state.Height, state.LastBlockHash, result.Error!.ToString(), block!.Height, hashes);
            state = result.State!;
            hashes.Add(state.LastBlockHash);
        }
        return new ChainVerdict(name, state.Height, state.LastBlockHash, null, null, hashes);
    }

    /// <summary>The first height at which two chains of the same network hold different blocks, or null when they agree.</summary>
    public static ulong? FirstDivergence(ChainVerdict a, ChainVerdict b)
    {
        int common = Math.Min(a.BlockHashes.Count, b.BlockHashes.Count);
        for (int i = 0; i < common; i++)
            if (a.BlockHashes[i] != b.BlockHashes[i]) return (ulong)i + 1;
        return null;
    }
}
