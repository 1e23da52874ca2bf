using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Nodes;

/// <summary>genesis.json: the human-readable form of <see cref="Genesis"/>; its "hash" field is checked on load.</summary>
public static class GenesisFile
{
    public static void Write(string path, Genesis genesis)
    {
        var p = genesis.Parameters;
        var doc = new GenesisDocument(
            genesis.ChainId,
            genesis.Time.ToString(),
            new GenesisParametersDocument(p.MinValidatorStake.ToString(), p.StakeLockNanos, p.TransactionMaxAgeNanos, p.MaxTransactionsPerBlock, p.MaxBlockBytes,
                p.UnbondingNanos, p.SlashFractionPpm, p.EvidenceMaxAgeHeights),
            [.. genesis.Accounts.Select(a => new GenesisAccountDocument(a.Address.ToString(), a.Balance.ToString()))],
            [.. genesis.Validators.Select(v => new GenesisValidatorDocument(v.Key.ToString(), v.Stake.ToString(), v.Region, v.LockedUntil.ToString()))],
            genesis.Hash.ToString());
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        File.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(doc, GenesisJsonContext.Default.GenesisDocument));
    }

    public static Genesis Load(string path)
    {
        if (!File.Exists(path)) throw new GenesisFileException(path, "does not exist (create one with `roko genesis`)");
        GenesisDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize(File.ReadAllBytes(path), GenesisJsonContext.Default.GenesisDocument);
        }
        catch (JsonException e)
        {
            throw new GenesisFileException(path, $"not valid genesis JSON: {e.Message}");
        }
        if (doc is null) throw new GenesisFileException(path, "empty");
        Genesis genesis;
        try
        {
            genesis = new Genesis(
                doc.ChainId,
                NanoMoment.Parse(doc.GenesisTime),
                new ChainParameters(Amount.Parse(doc.Parameters.MinValidatorStake), doc.Parameters.StakeLockNanos,
                    doc.Parameters.TransactionMaxAgeNanos, doc.Parameters.MaxTransactionsPerBlock, doc.Parameters.MaxBlockBytes,
                    doc.Parameters.UnbondingNanos ?? throw new FormatException("parameters.unbonding_ns is missing (genesis files before staking rules; create a new one with `roko genesis`)"),
                    doc.Parameters.SlashFractionPpm ?? throw new FormatException("parameters.slash_fraction_ppm is missing"),
                    doc.Parameters.EvidenceMaxAgeHeights ?? throw new FormatException("parameters.evidence_max_age_heights is missing")),
                [.. doc.Accounts.Select(a => new GenesisAccount(Address.Parse(a.Address), Amount.Parse(a.Balance)))],
                [.. doc.Validators.Select(v => new GenesisValidator(PublicKey.Parse(v.PublicKey), Amount.Parse(v.Stake), v.Region, NanoMoment.Parse(v.LockedUntil)))]);
        }
        catch (FormatException e)
        {
            throw new GenesisFileException(path, e.Message);
        }
        if (genesis.Validate() is { } problem) throw new GenesisFileException(path, problem);
        if (doc.Hash is not null && doc.Hash != genesis.Hash.ToString())
            throw new GenesisFileException(path, $"hash field {doc.Hash} does not match the content's hash {genesis.Hash}");
        return genesis;
    }
}

public sealed class GenesisFileException(string path, string reason) : Exception($"genesis file {path}: {reason}");

internal sealed record GenesisDocument(
    [property: JsonPropertyName("chain_id")] string ChainId,
    [property: JsonPropertyName("genesis_time")] string GenesisTime,
    [property: JsonPropertyName("parameters")] GenesisParametersDocument Parameters,
    [property: JsonPropertyName("accounts")] ImmutableArray<GenesisAccountDocument> Accounts,
    [property: JsonPropertyName("validators")] ImmutableArray<GenesisValidatorDocument> Validators,
    [property: JsonPropertyName("hash")] string? Hash);

internal sealed record GenesisParametersDocument(
    [property: JsonPropertyName("min_validator_stake")] string MinValidatorStake,
    [property: JsonPropertyName("stake_lock_ns")] long StakeLockNanos,
    [property: JsonPropertyName("tx_max_age_ns")] long TransactionMaxAgeNanos,
    [property: JsonPropertyName("max_txs_per_block")] int MaxTransactionsPerBlock,
    [property: JsonPropertyName("max_block_bytes")] int MaxBlockBytes,
    [property: JsonPropertyName("unbonding_ns")] long? UnbondingNanos,
    [property: JsonPropertyName("slash_fraction_ppm")] uint? SlashFractionPpm,
    [property: JsonPropertyName("evidence_max_age_heights")] ulong? EvidenceMaxAgeHeights);

internal sealed record GenesisAccountDocument(
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("balance")] string Balance);

internal sealed record GenesisValidatorDocument(
    [property: JsonPropertyName("public_key")] string PublicKey,
    [property: JsonPropertyName("stake")] string Stake,
    [property: JsonPropertyName("region")] string Region,
    [property: JsonPropertyName("locked_until")] string LockedUntil);

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(GenesisDocument))]
internal sealed partial class GenesisJsonContext : JsonSerializerContext;
