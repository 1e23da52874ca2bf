using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;

namespace Roko.Actors.Nodes;

/// <summary>
/// The <c>roko.validator</c> block, read once from the node's layered config (operator file over the role file
/// hocon/validator.conf): see hocon/roko.conf for the keys and their defaults.
/// </summary>
public sealed record ValidatorSettings
{
    public const string ConfigPath = "roko.validator";

    /// <summary>
    /// What roko.validator.require-time-card is when nothing sets it. hocon/roko.conf deliberately leaves it unset (a value
    /// there would outrank the role file hocon/validator.conf, which turns it on); unset, it is off (archives never vote).
    /// </summary>
    public const bool RequireTimeCardWhenUnset = false;

    /// <summary>The shipped defaults: roko.validator of hocon/roko.conf (require-time-card unset, so off).</summary>
    public static ValidatorSettings Default { get; } = Create(RokoConfig.Defaults);

    /// <summary>roko.validator.require-time-card: without a synchronized PTP hardware clock the validator neither proposes nor votes.</summary>
    public required bool RequireTimeCard { get; init; }

    public static ValidatorSettings Create(Config config)
    {
        var r = SettingsReader.Section(config, ConfigPath);
        return new ValidatorSettings { RequireTimeCard = r.Has("require-time-card") ? r.Bool("require-time-card") : RequireTimeCardWhenUnset };
    }
}
