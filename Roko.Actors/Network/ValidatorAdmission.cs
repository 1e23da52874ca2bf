using System.Collections.Immutable;
using Roko.Actors.Crypto;

namespace Roko.Actors.Network;

/// <summary>
/// The validator keys of one height as the overlay sees them: the node's own ledger's set for its next block.
/// Only keys — the network core knows nothing of stakes.
/// </summary>
public sealed record ValidatorRoster(ulong Height, ImmutableHashSet<PublicKey> Keys);

/// <summary>How a peer's claim to be a validator stands against our current <see cref="ValidatorRoster"/>.</summary>
public enum ValidatorStanding
{
    /// <summary>We have no roster yet (or the node runs without a ledger): nothing is judged.</summary>
    Unknown,
    /// <summary>The peer does not claim the validator role.</summary>
    NotClaimed,
    /// <summary>The peer claims the validator role and its key is in the current validator set.</summary>
    Staked,
    /// <summary>
    /// The peer claims the validator role but its key is not in the current validator set: refused as a validator,
    /// kept as a non-voting peer (docs/network.md §Validator standing).
    /// </summary>
    Unstaked,
}

/// <summary>The pure rule behind <see cref="ValidatorStanding"/> (docs/network.md §Validator standing).</summary>
public static class ValidatorAdmission
{
    public const string ValidatorRole = "validator";

    /// <summary>The standing of a peer announcing <paramref name="role"/> with <paramref name="key"/>, and why, in words.</summary>
    public static (ValidatorStanding Standing, string Reason) Judge(string role, PublicKey key, ValidatorRoster? roster)
    {
        if (role != ValidatorRole) return (ValidatorStanding.NotClaimed, $"announces role {role}");
        if (roster is null) return (ValidatorStanding.Unknown, "no validator set known yet");
        return roster.Keys.Contains(key)
            ? (ValidatorStanding.Staked, $"key {key.Bytes.Short} is in the validator set of height {roster.Height}")
            : (ValidatorStanding.Unstaked, $"claims role validator but key {key.Bytes.Short} has no stake in the validator set of height {roster.Height}");
    }
}
