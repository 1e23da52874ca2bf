using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;

namespace Roko.Actors.Nodes;

/// <summary>
/// The <c>roko.validator</c> block, read once from the node's layered config (its own settings over the role file
/// hocon/validator.conf over hocon/roko.conf): see hocon/roko.conf for the keys and their defaults.
/// </summary>
public sealed record ValidatorSettings
{
    public const string ConfigPath = "roko.validator";

    /// <summary>The shipped defaults: roko.validator of hocon/roko.conf alone, without a role file (require-time-card off).</summary>
    public static ValidatorSettings Default { get; } = Create(RokoConfig.Defaults);

    /// <summary>roko.validator.require-time-card: without a synchronized PTP hardware clock the validator neither proposes nor votes.</summary>
    public required bool RequireTimeCard { get; init; }

    public static ValidatorSettings Create(Config config)
    {
        var r = SettingsReader.Section(config, ConfigPath);
        return new ValidatorSettings { RequireTimeCard = r.Bool("require-time-card") };
    }
}
