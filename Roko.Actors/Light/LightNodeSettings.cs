using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.LightClient;
using Roko.Actors.Network;

namespace Roko.Actors.Light;

/// <summary>The light node's <c>roko.light</c> keys beyond verification (<see cref="LightClientSettings"/>), read once.</summary>
public sealed record LightNodeSettings
{
    public const string Path = "roko.light";

    public required LightClientSettings Verification { get; init; }
    /// <summary>Longest a request to a contact may stay unanswered before the contact is dropped for the next one.</summary>
    public required TimeSpan RequestTimeout { get; init; }
    /// <summary>Most light blocks asked for in one request.</summary>
    public required int MaxRange { get; init; }
    /// <summary>Gaps up to this many heights are verified header by header; larger ones by skipping (1/3 trust rule).</summary>
    public required int SequentialGap { get; init; }
    /// <summary>How often the node asks its contact for blocks past its verified height, in case pushes were missed.</summary>
    public required TimeSpan PollInterval { get; init; }
    /// <summary>Pause before trying contacts again once every one of them failed since the last verified header.</summary>
    public required TimeSpan RetryDelay { get; init; }
    /// <summary>How many recent refusals the node keeps for its status.</summary>
    public required int RefusalsKept { get; init; }
    /// <summary>How many contacts besides the primary serve as witnesses (0: none; at most the other contacts).</summary>
    public required int Witnesses { get; init; }
    /// <summary>Heights a witness may prove above the primary's claimed head before the primary counts as withholding.</summary>
    public required int WithholdingTolerance { get; init; }

    public static LightNodeSettings Create(Config root)
    {
        var s = SettingsReader.Section(root, Path);
        return new LightNodeSettings
        {
            Verification = LightClientSettings.Create(root),
            RequestTimeout = s.Duration("request-timeout", TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10)),
            MaxRange = s.Int("max-range", 1, 10_000),
            SequentialGap = s.Int("sequential-gap", 1, 1_000_000),
            PollInterval = s.Duration("poll-interval", TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1)),
            RetryDelay = s.Duration("retry-delay", TimeSpan.Zero, TimeSpan.FromHours(1)),
            RefusalsKept = s.Int("refusals-kept", 1, 100_000),
            Witnesses = s.Int("witnesses", 0, 1_000),
            WithholdingTolerance = s.Int("withholding-tolerance", 0, 1_000_000),
        };
    }
}
