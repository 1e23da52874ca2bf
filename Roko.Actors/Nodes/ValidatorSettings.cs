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

    public static ValidatorSettings Default { get; } = new();

    /// <summary>roko.validator.require-time-card: without a synchronized PTP hardware clock the validator neither proposes nor votes.</summary>
    public bool RequireTimeCard { get; init; }

    public static ValidatorSettings Create(Config? config)
    {
        var r = new SettingsReader(config, ConfigPath);
        return new ValidatorSettings { RequireTimeCard = r.GetBoolean("require-time-card", Default.RequireTimeCard) };
    }
}
