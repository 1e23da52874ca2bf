using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.LightClient;

/// <summary>
/// Checks a served account proof against a verified header: the proof must be for the account asked about and must
/// lead from the account's leaf (or, for a zero balance, from its absence) to the header's state root. Returns null
/// when it does, otherwise why not.
/// </summary>
public static class BalanceCheck
{
    public static string? Verify(BlockHeader verified, Address asked, AccountProof served)
    {
        if (served.Address != asked)
            return $"proof is for account {served.Address}, asked about {asked}";
        if (!served.Proof.IsWellFormed)
            return "proof is malformed: its bitmap and siblings disagree";
        if (!served.Verify(verified.StateRoot))
            return $"proof of balance {served.Balance} for {asked} does not lead to state root {verified.StateRoot.Short} of verified height {verified.Height}";
        return null;
    }
}
