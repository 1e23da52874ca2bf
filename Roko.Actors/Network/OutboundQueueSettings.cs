using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Network;

/// <summary>Per-peer outbound queue bounds and batching, read from <c>roko.network.outbound</c>.</summary>
public sealed record OutboundQueueSettings
{
    public const string Path = "roko.network.outbound";

    public required int MaxMessages { get; init; }
    public required long MaxBytes { get; init; }
    /// <summary>How long the oldest non-urgent message may wait for others to share its batch.</summary>
    public required TimeSpan BatchWindow { get; init; }
    public required int MaxBatchMessages { get; init; }
    /// <summary>Bytes in one batch; a single larger message is sent alone.</summary>
    public required long MaxBatchBytes { get; init; }

    public long BatchWindowNanos => Nanoseconds.FromTimeSpan(BatchWindow);

    public static OutboundQueueSettings Create(Config root)
    {
        var s = SettingsReader.Section(root, Path);
        var settings = new OutboundQueueSettings
        {
            MaxMessages = s.Int("max-messages", 1),
            MaxBytes = s.Bytes("max-bytes", 1),
            BatchWindow = s.Duration("batch-window", TimeSpan.Zero, TimeSpan.FromSeconds(10)),
            MaxBatchMessages = s.Int("max-batch-messages", 1),
            MaxBatchBytes = s.Bytes("max-batch-bytes", 1),
        };
        if (settings.MaxBatchMessages > settings.MaxMessages)
            throw s.Invalid("max-batch-messages", "must not exceed max-messages");
        return settings;
    }
}
