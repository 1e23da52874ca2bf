using Akka.Configuration;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Devnet;

/// <summary>Defaults for new genesis files, read once from HOCON <c>roko.genesis</c>.</summary>
public sealed record GenesisSettings(string ChainId, ChainParameters Parameters, int Accounts, Amount AccountBalance, Amount ValidatorStake)
{
    public static GenesisSettings Create(Config config)
    {
        var c = config.GetConfig("roko.genesis") ?? throw new ConfigurationException("missing HOCON section roko.genesis");
        var parameters = new ChainParameters(
            ParseAmount(c, "min-validator-stake"),
            Nanoseconds.FromTimeSpan(c.GetTimeSpan("stake-lock")),
            Nanoseconds.FromTimeSpan(c.GetTimeSpan("tx-max-age")),
            c.GetInt("max-txs-per-block"),
            c.GetInt("max-block-bytes"),
            Nanoseconds.FromTimeSpan(c.GetTimeSpan("unbonding-period")),
            (uint)Ranged(c, "slash-fraction-ppm", 0, ChainParameters.PartsPerMillion),
            (ulong)Ranged(c, "evidence-max-age-heights", 1, long.MaxValue));
        if (parameters.Validate() is { } problem) throw new ConfigurationException("roko.genesis: " + problem);
        int accounts = c.GetInt("accounts");
        if (accounts < 2) throw new ConfigurationException("roko.genesis.accounts must be >= 2 (transfers need a sender and a receiver)");
        var settings = new GenesisSettings(c.GetString("chain-id"), parameters, accounts, ParseAmount(c, "account-balance"), ParseAmount(c, "validator-stake"));
        if (settings.ValidatorStake < parameters.MinValidatorStake)
            throw new ConfigurationException($"roko.genesis.validator-stake {settings.ValidatorStake} is below min-validator-stake {parameters.MinValidatorStake}");
        return settings;
    }

    private static long Ranged(Config c, string key, long min, long max)
    {
        long value = c.GetLong(key);
        return value >= min && value <= max
            ? value
            : throw new ConfigurationException($"roko.genesis.{key} = {value} is outside {min}..{max}");
    }

    private static Amount ParseAmount(Config c, string key)
    {
        string text = c.GetString(key);
        return Amount.TryParse(text, out var amount, out var error)
            ? amount
            : throw new ConfigurationException($"roko.genesis.{key} '{text}': {error}");
    }
}
