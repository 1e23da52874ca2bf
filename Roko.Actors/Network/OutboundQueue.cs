using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Network;

/// <summary>What happened to a message offered to an <see cref="OutboundQueue{TMessage}"/>.</summary>
public enum EnqueueResult
{
    Queued,
    /// <summary>A consensus message queued beyond the bound: the peer is not keeping up (backpressure).</summary>
    QueuedOverBound,
    /// <summary>The message itself was dropped: the queue is full of messages at least as important.</summary>
    Dropped,
}

/// <summary>The result of one offer and how many lower-priority messages were dropped to make room.</summary>
public readonly record struct EnqueueOutcome(EnqueueResult Result, int DisplacedMessages, long DisplacedBytes);

/// <summary>Messages to send to the peer together, in send order; <paramref name="Priority"/> is the most urgent among them.</summary>
public sealed record OutboundBatch<TMessage>(IReadOnlyList<TMessage> Messages, long Bytes, bool Urgent, MessagePriority Priority);

/// <summary>
/// One peer's outbound queue, bounded by message count and bytes. When an offer does not fit, the newest
/// messages of the lowest priority below the offered one are dropped first; if that cannot make room the offer
/// itself is dropped. Consensus messages are never dropped: when only consensus messages are left the queue
/// grows past its bound and reports <see cref="UnderPressure"/>. Consensus messages bypass batching; the others
/// wait up to <see cref="OutboundQueueSettings.BatchWindow"/> to be sent together, by priority then FIFO.
/// Pure and single-threaded; the owning actor passes the time in and sends what <see cref="TakeBatch"/> returns.
/// </summary>
public sealed class OutboundQueue<TMessage>(OutboundQueueSettings settings)
{
    private readonly record struct Queued(TMessage Message, long Bytes, NanoMoment EnqueuedAt);

    private sealed class Lane
    {
        public LinkedList<Queued> Messages { get; } = new();
        public long Bytes { get; set; }
    }

    private static readonly MessagePriority[] Priorities = Enum.GetValues<MessagePriority>();
    private readonly Lane[] _lanes = Priorities.Select(_ => new Lane()).ToArray();

    public OutboundQueueCounters Counters { get; } = new();
    public int Count { get; private set; }
    public long Bytes { get; private set; }
    public bool UnderPressure => Count > settings.MaxMessages || Bytes > settings.MaxBytes;

    public int CountOf(MessagePriority priority) => _lanes[(int)priority].Messages.Count;

    public EnqueueOutcome Enqueue(TMessage message, MessagePriority priority, long sizeBytes, NanoMoment now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeBytes);
        var (displaced, displacedBytes) = MakeRoom(priority, sizeBytes);
        if (displaced < 0)
        {
            Counters.CountDrop(priority, sizeBytes);
            return new EnqueueOutcome(EnqueueResult.Dropped, 0, 0);
        }

        var lane = _lanes[(int)priority];
        lane.Messages.AddLast(new Queued(message, sizeBytes, now));
        lane.Bytes += sizeBytes;
        Count++;
        Bytes += sizeBytes;
        Counters.EnqueuedMessages++;
        Counters.EnqueuedBytes += sizeBytes;
        if (!UnderPressure) return new EnqueueOutcome(EnqueueResult.Queued, displaced, displacedBytes);
        Counters.QueuedOverBound++;
        return new EnqueueOutcome(EnqueueResult.QueuedOverBound, displaced, displacedBytes);
    }

    /// <summary>
    /// When <see cref="TakeBatch"/> will next return a batch: a moment at or before now when one is due, null
    /// when the queue is empty. The actor schedules its send timer for it.
    /// </summary>
    public NanoMoment? NextSendAt
    {
        get
        {
            var consensus = _lanes[(int)MessagePriority.Consensus].Messages;
            if (consensus.Count > 0) return consensus.First!.Value.EnqueuedAt;
            if (OldestNonUrgent() is not { } oldest) return null;
            return FullBatchWaiting() ? oldest : oldest.AddSaturating(settings.BatchWindowNanos);
        }
    }

    /// <summary>The next batch due at <paramref name="now"/>, or null when nothing is due yet.</summary>
    public OutboundBatch<TMessage>? TakeBatch(NanoMoment now)
    {
        if (_lanes[(int)MessagePriority.Consensus].Messages.Count > 0)
            return Take([MessagePriority.Consensus], urgent: true);
        if (OldestNonUrgent() is not { } oldest) return null;
        bool due = FullBatchWaiting() || now.UnixNanoseconds - oldest.UnixNanoseconds >= settings.BatchWindowNanos;
        return due ? Take(Priorities.Where(p => p != MessagePriority.Consensus), urgent: false) : null;
    }

    private OutboundBatch<TMessage> Take(IEnumerable<MessagePriority> priorities, bool urgent)
    {
        var messages = new List<TMessage>();
        long bytes = 0;
        MessagePriority? first = null;
        foreach (var priority in priorities)
        {
            var lane = _lanes[(int)priority];
            while (lane.Messages.First is { } head)
            {
                bool batchFull = messages.Count >= settings.MaxBatchMessages
                                 || (messages.Count > 0 && bytes + head.Value.Bytes > settings.MaxBatchBytes);
                if (batchFull) return Sent(messages, bytes, urgent, first!.Value);
                first ??= priority;
                lane.Messages.RemoveFirst();
                lane.Bytes -= head.Value.Bytes;
                Count--;
                Bytes -= head.Value.Bytes;
                messages.Add(head.Value.Message);
                bytes += head.Value.Bytes;
            }
        }
        return Sent(messages, bytes, urgent, first ?? MessagePriority.Background);
    }

    private OutboundBatch<TMessage> Sent(List<TMessage> messages, long bytes, bool urgent, MessagePriority priority)
    {
        Counters.Batches++;
        if (urgent) Counters.UrgentBatches++;
        Counters.SentMessages += messages.Count;
        Counters.SentBytes += bytes;
        return new OutboundBatch<TMessage>(messages, bytes, urgent, priority);
    }

    /// <summary>
    /// Drops lower-priority messages until one more of <paramref name="sizeBytes"/> fits. Returns (-1, 0) when
    /// the offer cannot fit and must itself be dropped; consensus offers always proceed.
    /// </summary>
    private (int Messages, long Bytes) MakeRoom(MessagePriority priority, long sizeBytes)
    {
        if (Fits(Count + 1, Bytes + sizeBytes)) return (0, 0);
        var droppable = Priorities.Where(p => p > priority && p != MessagePriority.Consensus).Reverse().ToList();
        if (priority != MessagePriority.Consensus)
        {
            int freeable = droppable.Sum(p => _lanes[(int)p].Messages.Count);
            long freeableBytes = droppable.Sum(p => _lanes[(int)p].Bytes);
            if (!Fits(Count + 1 - freeable, Bytes + sizeBytes - freeableBytes)) return (-1, 0);
        }

        int dropped = 0;
        long droppedBytes = 0;
        foreach (var lowest in droppable)
        {
            var lane = _lanes[(int)lowest];
            while (lane.Messages.Last is { } newest && !Fits(Count + 1, Bytes + sizeBytes))
            {
                lane.Messages.RemoveLast();
                lane.Bytes -= newest.Value.Bytes;
                Count--;
                Bytes -= newest.Value.Bytes;
                Counters.CountDrop(lowest, newest.Value.Bytes);
                dropped++;
                droppedBytes += newest.Value.Bytes;
            }
        }
        return (dropped, droppedBytes);
    }

    private bool Fits(long count, long bytes) => count <= settings.MaxMessages && bytes <= settings.MaxBytes;

    private bool FullBatchWaiting()
    {
        int count = Count - _lanes[(int)MessagePriority.Consensus].Messages.Count;
        long bytes = Bytes - _lanes[(int)MessagePriority.Consensus].Bytes;
        return count >= settings.MaxBatchMessages || bytes >= settings.MaxBatchBytes;
    }

    private NanoMoment? OldestNonUrgent()
    {
        NanoMoment? oldest = null;
        foreach (var priority in Priorities)
        {
            if (priority == MessagePriority.Consensus) continue;
            if (_lanes[(int)priority].Messages.First is { } head &&
                (oldest is null || head.Value.EnqueuedAt < oldest.Value))
                oldest = head.Value.EnqueuedAt;
        }
        return oldest;
    }
}
