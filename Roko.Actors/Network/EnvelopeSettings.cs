using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Network;

/// <summary>Envelope admission limits, read from <c>roko.network.envelope</c>.</summary>
public sealed record EnvelopeSettings
{
    public const string Path = "roko.network.envelope";

    /// <summary>Largest encoded envelope accepted, in bytes.</summary>
    public required int MaxBytes { get; init; }
    /// <summary>An envelope signed earlier than the clock's earliest reading minus this is stale.</summary>
    public required TimeSpan MaxAge { get; init; }
    /// <summary>An envelope signed later than the clock's latest reading plus this is from the future.</summary>
    public required TimeSpan FutureAllowance { get; init; }
    /// <summary>How many verified envelopes (by digest) a node's peer sessions remember, so relayed copies are verified once.</summary>
    public required int VerifiedCache { get; init; }

    public long MaxAgeNanos => Nanoseconds.FromTimeSpan(MaxAge);
    public long FutureAllowanceNanos => Nanoseconds.FromTimeSpan(FutureAllowance);

    public static EnvelopeSettings Create(Config root)
    {
        var s = SettingsReader.Section(root, Path);
        return new EnvelopeSettings
        {
            MaxBytes = (int)s.Bytes("max-bytes", 256, int.MaxValue),
            MaxAge = s.Duration("max-age", TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1)),
            FutureAllowance = s.Duration("future-allowance", TimeSpan.Zero, TimeSpan.FromHours(1)),
            VerifiedCache = s.Int("verified-cache", 2),
        };
    }
}
