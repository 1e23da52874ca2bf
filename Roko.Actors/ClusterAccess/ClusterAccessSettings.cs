using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Network;

namespace Roko.Actors.ClusterAccess;

/// <summary>The <c>roko.cluster-access</c> block, read once.</summary>
public sealed record ClusterAccessSettings
{
    public const string Path = "roko.cluster-access";

    /// <summary>Whether validators register the services with their ClusterClientReceptionist.</summary>
    public required bool Enabled { get; init; }
    /// <summary>Most header-feed subscribers one validator serves.</summary>
    public required int MaxSubscribers { get; init; }
    /// <summary>Longest a submitted transaction waits for the mempool's answer.</summary>
    public required TimeSpan SubmitTimeout { get; init; }
    /// <summary>Most light blocks one answer to GetLightBlocks carries.</summary>
    public required int MaxLightBlocks { get; init; }
    /// <summary>How many recent heights' states the light-access service keeps to prove balances against.</summary>
    public required int ProofHeights { get; init; }

    public static ClusterAccessSettings Create(Config root)
    {
        var s = SettingsReader.Section(root, Path);
        return new ClusterAccessSettings
        {
            Enabled = s.Bool("enabled"),
            MaxSubscribers = s.Int("max-subscribers", 1, 1_000_000),
            SubmitTimeout = s.Duration("submit-timeout", TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10)),
            MaxLightBlocks = s.Int("max-light-blocks", 1, 10_000),
            ProofHeights = s.Int("proof-heights", 1, 100_000),
        };
    }
}
