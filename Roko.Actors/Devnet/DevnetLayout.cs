using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Nodes;

namespace Roko.Actors.Devnet;

/// <summary>
/// The files of a local network under one directory:
/// <c>genesis.json</c>, <c>accounts/account-NN.key</c> (funded accounts), and per validator
/// <c>validator-N/{node.key, genesis.json, chain.db}</c>, so every node directory is self-contained.
/// </summary>
public sealed class DevnetLayout(string root)
{
    public const string GenesisFileName = "genesis.json";
    public const string KeyFileName = "node.key";

    public string Root { get; } = Path.GetFullPath(root);
    public string GenesisPath => Path.Combine(Root, GenesisFileName);
    public string AccountsDir => Path.Combine(Root, "accounts");

    public static string ValidatorName(int index) => $"validator-{index}";
    public string NodeDir(string name) => Path.Combine(Root, name);
    public string AccountKeyPath(int index) => Path.Combine(AccountsDir, $"account-{index:D2}.key");

    public bool Exists => File.Exists(GenesisPath);

    /// <summary>Regions are assigned round-robin: validator 0 in na, 1 in eu, 2 in apac, 3 in na, ...</summary>
    public static string RegionOf(int validatorIndex) => ValidatorRegions.Known[validatorIndex % ValidatorRegions.Known.Count];

    /// <summary>Creates keys and a genesis for <paramref name="validators"/> validators; refuses to overwrite an existing one.</summary>
    public Genesis Create(int validators, GenesisSettings settings, NanoMoment genesisTime)
    {
        if (validators < 1) throw new ArgumentOutOfRangeException(nameof(validators), validators, "at least one validator is needed");
        if (Exists) throw new InvalidOperationException($"{GenesisPath} already exists; refusing to overwrite a chain's genesis");
        Directory.CreateDirectory(Root);

        var validatorKeys = Enumerable.Range(0, validators).Select(_ => SigningKey.Generate()).ToList();
        var accountKeys = Enumerable.Range(0, settings.Accounts).Select(_ => SigningKey.Generate()).ToList();
        var lockedUntil = genesisTime.AddSaturating(settings.Parameters.StakeLockNanos);
        var genesis = new Genesis(settings.ChainId, genesisTime, settings.Parameters,
            [.. accountKeys.Select(k => new GenesisAccount(k.PublicKey.ToAddress(), settings.AccountBalance))],
            [.. validatorKeys.Select((k, i) => new GenesisValidator(k.PublicKey, settings.ValidatorStake, RegionOf(i), lockedUntil))]);
        if (genesis.Validate() is { } problem) throw new InvalidOperationException("genesis: " + problem);

        for (int i = 0; i < validators; i++)
        {
            var dir = NodeDir(ValidatorName(i));
            KeyFile.Write(Path.Combine(dir, KeyFileName), validatorKeys[i]);
            GenesisFile.Write(Path.Combine(dir, GenesisFileName), genesis);
        }
        for (int i = 0; i < accountKeys.Count; i++) KeyFile.Write(AccountKeyPath(i), accountKeys[i]);
        GenesisFile.Write(GenesisPath, genesis); // last: its presence marks a complete layout
        return genesis;
    }

    public Genesis LoadGenesis() => GenesisFile.Load(GenesisPath);

    public IReadOnlyList<SigningKey> LoadAccountKeys() =>
        Directory.Exists(AccountsDir)
            ? [.. Directory.GetFiles(AccountsDir, "account-*.key").Order(StringComparer.Ordinal).Select(KeyFile.Load)]
            : [];

    public int CountValidatorDirs() =>
        Directory.GetDirectories(Root, "validator-*").Count(d => File.Exists(Path.Combine(d, KeyFileName)));
}
