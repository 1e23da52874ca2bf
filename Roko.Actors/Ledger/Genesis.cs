using System.Collections.Immutable;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Primitives;

namespace Roko.Actors.Ledger;

public sealed record GenesisAccount(Address Address, Amount Balance);

/// <summary>A genesis validator: its stake is locked until <paramref name="LockedUntil"/>.</summary>
public sealed record GenesisValidator(PublicKey Key, Amount Stake, string Region, NanoMoment LockedUntil);

/// <summary>The chain's starting point: id, time (the first cutoff), parameters, balances and validators.</summary>
public sealed record Genesis(
    string ChainId,
    NanoMoment Time,
    ChainParameters Parameters,
    ImmutableArray<GenesisAccount> Accounts,
    ImmutableArray<GenesisValidator> Validators)
{
    /// <summary>2: the parameters gained unbonding_ns, slash_fraction_ppm and evidence_max_age_heights.</summary>
    public const byte Version = 2;
    private const string HashDomain = "roko/genesis/v1";
    private Hash32? _hash;

    // `with` must not carry the cached hash over to a copy with other fields.
    private Genesis(Genesis original)
    {
        ChainId = original.ChainId;
        Time = original.Time;
        Parameters = original.Parameters;
        Accounts = original.Accounts;
        Validators = original.Validators;
    }

    /// <summary>Equal when the canonical content is equal; the cached hash takes no part.</summary>
    public bool Equals(Genesis? other) => other is not null && Encode().AsSpan().SequenceEqual(other.Encode());

    public override int GetHashCode() => HashCode.Combine(ChainId, Time);

    public Hash32 Hash => _hash ??= Sha256.HashTagged(HashDomain, Encode());

    public byte[] Encode()
    {
        var writer = new CanonicalWriter().Header(CanonicalTag.Genesis, Version).WriteString(ChainId).WriteMoment(Time);
        Parameters.WriteTo(writer);
        writer.WriteCount(Accounts.Length);
        foreach (var a in Accounts.OrderBy(a => a.Address)) writer.WriteAddress(a.Address).WriteAmount(a.Balance);
        writer.WriteCount(Validators.Length);
        foreach (var v in Validators.OrderBy(v => v.Key))
            writer.WriteHash(v.Key.Bytes).WriteAmount(v.Stake).WriteString(v.Region).WriteMoment(v.LockedUntil);
        return writer.ToArray();
    }

    /// <summary>Null when the genesis is usable; otherwise the first problem, naming the field.</summary>
    public string? Validate()
    {
        if (string.IsNullOrWhiteSpace(ChainId)) return "chain_id is empty";
        if (System.Text.Encoding.UTF8.GetByteCount(ChainId) > Transaction.MaxChainIdBytes)
            return $"chain_id is longer than {Transaction.MaxChainIdBytes} bytes";
        if (Parameters.Validate() is { } p) return "parameters: " + p;
        if (Validators.IsEmpty) return "validators: at least one is needed";
        var addresses = new HashSet<Address>();
        foreach (var a in Accounts)
            if (!addresses.Add(a.Address)) return $"accounts: {a.Address} appears twice";
        var keys = new HashSet<PublicKey>();
        foreach (var v in Validators)
        {
            if (!keys.Add(v.Key)) return $"validators: {v.Key} appears twice";
            if (!ValidatorRegions.IsKnown(v.Region)) return $"validators: {v.Key} has unknown region '{v.Region}' (known: {ValidatorRegions.Describe()})";
            if (v.Stake < Parameters.MinValidatorStake) return $"validators: {v.Key} stakes {v.Stake}, below the minimum {Parameters.MinValidatorStake}";
        }
        return null;
    }
}
