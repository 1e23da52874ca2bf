using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Devnet;

/// <summary>Defaults for new genesis files, read once from HOCON <c>roko.genesis</c>.</summary>
public sealed record GenesisSettings(string ChainId, ChainParameters Parameters, int Accounts, Amount AccountBalance, Amount ValidatorStake)
{
    public static GenesisSettings Create(Config config)
    {
        var c = SettingsReader.Section(config, "roko.genesis");
        var parameters = new ChainParameters(
            ParseAmount(c, "min-validator-stake"),
            Nanos(c, "stake-lock"),
            Nanos(c, "tx-max-age"),
            c.Int("max-txs-per-block", int.MinValue),
            c.Int("max-block-bytes", int.MinValue),
            Nanos(c, "unbonding-period"),
            (uint)c.Long("slash-fraction-ppm", 0, ChainParameters.PartsPerMillion),
            (ulong)c.Long("evidence-max-age-heights", 1));
        if (parameters.Validate() is { } problem) throw new InvalidSettingException(c.Path, problem);
        // Transfers need a sender and a receiver.
        int accounts = c.Int("accounts", 2);
        var settings = new GenesisSettings(c.Text("chain-id"), parameters, accounts, ParseAmount(c, "account-balance"), ParseAmount(c, "validator-stake"));
        if (settings.ValidatorStake < parameters.MinValidatorStake)
            throw c.Invalid("validator-stake", $"{settings.ValidatorStake} is below min-validator-stake {parameters.MinValidatorStake}");
        return settings;
    }

    private static long Nanos(SettingsReader c, string key) =>
        Nanoseconds.FromTimeSpan(c.Duration(key, TimeSpan.MinValue, TimeSpan.MaxValue));

    private static Amount ParseAmount(SettingsReader c, string key)
    {
        string text = c.Text(key);
        return Amount.TryParse(text, out var amount, out var error)
            ? amount
            : throw c.Invalid(key, $"'{text}': {error}");
    }
}
