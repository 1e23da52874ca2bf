namespace Roko.Actors.Network;

/// <summary>Running totals of one <see cref="OutboundQueue{TMessage}"/>, for per-peer metrics.</summary>
public sealed class OutboundQueueCounters
{
    private readonly long[] _droppedMessages = new long[Enum.GetValues<MessagePriority>().Length];

    public long EnqueuedMessages { get; internal set; }
    public long EnqueuedBytes { get; internal set; }
    public long DroppedBytes { get; internal set; }
    public long SentMessages { get; internal set; }
    public long SentBytes { get; internal set; }
    public long Batches { get; internal set; }
    public long UrgentBatches { get; internal set; }
    /// <summary>Consensus messages queued past the bound because nothing droppable was left.</summary>
    public long QueuedOverBound { get; internal set; }

    public long DroppedMessages => _droppedMessages.Sum();
    public long DroppedMessagesOf(MessagePriority priority) => _droppedMessages[(int)priority];

    internal void CountDrop(MessagePriority priority, long bytes)
    {
        _droppedMessages[(int)priority]++;
        DroppedBytes += bytes;
    }
}
