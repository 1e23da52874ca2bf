using FsCheck.Xunit;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Network;
using Xunit;

namespace Roko.Actors.Tests.Network;

public sealed class OutboundQueueTests
{
    private static readonly NanoMoment T0 = NanoMoment.FromUnixSeconds(1_800_000_000);
    private static readonly OutboundQueueSettings Settings = new()
    {
        MaxMessages = 5,
        MaxBytes = 1000,
        BatchWindow = TimeSpan.FromMilliseconds(5),
        MaxBatchMessages = 3,
        MaxBatchBytes = 300,
    };

    private static NanoMoment AtMs(double ms) => T0.AddNanoseconds((long)(ms * 1_000_000));

    private static OutboundQueue<string> Queue(OutboundQueueSettings? settings = null) => new(settings ?? Settings);

    [Fact]
    public void Queue_should_hold_non_urgent_messages_until_the_batch_window_passes()
    {
        var queue = Queue();
        queue.Enqueue("tx-1", MessagePriority.Transaction, 10, T0);
        queue.Enqueue("tx-2", MessagePriority.Transaction, 10, AtMs(2));

        Assert.Null(queue.TakeBatch(AtMs(4.9)));
        Assert.Equal(AtMs(5), queue.NextSendAt);
        var batch = queue.TakeBatch(AtMs(5))!;

        Assert.Equal(["tx-1", "tx-2"], batch.Messages);
        Assert.False(batch.Urgent);
        Assert.Null(queue.NextSendAt);
    }

    [Fact]
    public void Queue_should_send_in_priority_then_fifo_order_when_a_batch_is_taken()
    {
        var queue = Queue(Settings with { MaxBatchMessages = 5 });
        queue.Enqueue("bg-1", MessagePriority.Background, 10, T0);
        queue.Enqueue("tx-1", MessagePriority.Transaction, 10, T0);
        queue.Enqueue("block-1", MessagePriority.Block, 10, T0);
        queue.Enqueue("tx-2", MessagePriority.Transaction, 10, T0);
        queue.Enqueue("block-2", MessagePriority.Block, 10, T0);

        Assert.Equal(["block-1", "block-2", "tx-1", "tx-2", "bg-1"], queue.TakeBatch(AtMs(5))!.Messages);
    }

    [Fact]
    public void Queue_should_cut_batches_at_the_maximum_count_and_bytes()
    {
        var queue = Queue();
        for (int i = 1; i <= 4; i++) queue.Enqueue($"tx-{i}", MessagePriority.Transaction, 10, T0);

        Assert.Equal(T0, queue.NextSendAt);
        Assert.Equal(["tx-1", "tx-2", "tx-3"], queue.TakeBatch(T0)!.Messages);
        Assert.Null(queue.TakeBatch(T0));

        var bulky = Queue();
        bulky.Enqueue("block-1", MessagePriority.Block, 200, T0);
        bulky.Enqueue("block-2", MessagePriority.Block, 200, T0);
        bulky.Enqueue("block-3", MessagePriority.Block, 500, T0);
        Assert.Equal(["block-1"], bulky.TakeBatch(T0)!.Messages);
        Assert.Equal(["block-2"], bulky.TakeBatch(T0)!.Messages);
        Assert.Equal(["block-3"], bulky.TakeBatch(AtMs(5))!.Messages);
    }

    [Fact]
    public void Queue_should_send_consensus_messages_at_once_and_before_others_when_they_arrive()
    {
        var queue = Queue();
        queue.Enqueue("block-1", MessagePriority.Block, 10, T0);
        queue.Enqueue("vote-1", MessagePriority.Consensus, 10, AtMs(1));
        queue.Enqueue("vote-2", MessagePriority.Consensus, 10, AtMs(1));

        Assert.Equal(AtMs(1), queue.NextSendAt);
        var urgent = queue.TakeBatch(AtMs(1))!;

        Assert.True(urgent.Urgent);
        Assert.Equal(["vote-1", "vote-2"], urgent.Messages);
        Assert.Null(queue.TakeBatch(AtMs(1)));
        Assert.Equal(["block-1"], queue.TakeBatch(AtMs(5))!.Messages);
    }

    [Fact]
    public void Queue_should_drop_the_newest_lowest_priority_messages_first_when_full()
    {
        var queue = Queue();
        queue.Enqueue("bg-1", MessagePriority.Background, 10, T0);
        queue.Enqueue("bg-2", MessagePriority.Background, 10, T0);
        queue.Enqueue("tx-1", MessagePriority.Transaction, 10, T0);
        queue.Enqueue("tx-2", MessagePriority.Transaction, 10, T0);
        queue.Enqueue("block-1", MessagePriority.Block, 10, T0);

        var outcome = queue.Enqueue("block-2", MessagePriority.Block, 10, T0);
        Assert.Equal(new EnqueueOutcome(EnqueueResult.Queued, 1, 10), outcome);
        queue.Enqueue("block-3", MessagePriority.Block, 10, T0);
        queue.Enqueue("tx-3", MessagePriority.Transaction, 10, T0);

        Assert.Equal(0, queue.CountOf(MessagePriority.Background));
        Assert.Equal(2, queue.Counters.DroppedMessagesOf(MessagePriority.Background));
        Assert.Equal(1, queue.Counters.DroppedMessagesOf(MessagePriority.Transaction));
        var sent = queue.TakeBatch(AtMs(5))!.Messages.Concat(queue.TakeBatch(AtMs(5))!.Messages);
        Assert.Equal(["block-1", "block-2", "block-3", "tx-1", "tx-2"], sent);
    }

    [Fact]
    public void Queue_should_drop_the_offer_when_only_equal_or_higher_priority_messages_are_queued()
    {
        var queue = Queue();
        for (int i = 1; i <= 5; i++) queue.Enqueue($"block-{i}", MessagePriority.Block, 10, T0);

        Assert.Equal(EnqueueResult.Dropped, queue.Enqueue("tx", MessagePriority.Transaction, 10, T0).Result);
        Assert.Equal(EnqueueResult.Dropped, queue.Enqueue("block-6", MessagePriority.Block, 10, T0).Result);
        Assert.Equal(5, queue.Count);
    }

    [Fact]
    public void Queue_should_not_drop_anything_when_a_lower_priority_offer_cannot_make_room()
    {
        var queue = Queue();
        queue.Enqueue("block-1", MessagePriority.Block, 900, T0);
        queue.Enqueue("bg-1", MessagePriority.Background, 50, T0);

        Assert.Equal(EnqueueResult.Dropped, queue.Enqueue("tx", MessagePriority.Transaction, 200, T0).Result);
        Assert.Equal(1, queue.CountOf(MessagePriority.Background));
    }

    [Fact]
    public void Queue_should_grow_past_its_bound_and_report_pressure_when_full_of_consensus_messages()
    {
        var queue = Queue();
        queue.Enqueue("block-1", MessagePriority.Block, 10, T0);
        for (int i = 1; i <= 4; i++) queue.Enqueue($"vote-{i}", MessagePriority.Consensus, 10, T0);

        var displacing = queue.Enqueue("vote-5", MessagePriority.Consensus, 10, T0);
        Assert.Equal(new EnqueueOutcome(EnqueueResult.Queued, 1, 10), displacing);
        Assert.False(queue.UnderPressure);

        var overBound = queue.Enqueue("vote-6", MessagePriority.Consensus, 10, T0);
        Assert.Equal(EnqueueResult.QueuedOverBound, overBound.Result);
        Assert.True(queue.UnderPressure);
        Assert.Equal(6, queue.CountOf(MessagePriority.Consensus));
        Assert.Equal(0, queue.Counters.DroppedMessagesOf(MessagePriority.Consensus));
    }

    [Fact]
    public void Queue_should_account_bytes_queued_sent_and_dropped()
    {
        var queue = Queue();
        queue.Enqueue("bg", MessagePriority.Background, 400, T0);
        queue.Enqueue("tx", MessagePriority.Transaction, 300, T0);
        queue.Enqueue("block", MessagePriority.Block, 250, T0);
        Assert.Equal(950, queue.Bytes);

        queue.Enqueue("vote", MessagePriority.Consensus, 100, T0);
        Assert.Equal(650, queue.Bytes);
        Assert.Equal(400, queue.Counters.DroppedBytes);

        queue.TakeBatch(T0);
        Assert.Equal(550, queue.Bytes);
        Assert.Equal(1050, queue.Counters.EnqueuedBytes);
        Assert.Equal(100, queue.Counters.SentBytes);
        Assert.Equal(queue.Counters.EnqueuedBytes, queue.Bytes + queue.Counters.SentBytes + queue.Counters.DroppedBytes);
    }

    [Property(MaxTest = 300)]
    public bool Queue_should_never_lose_or_reorder_a_consensus_message((byte Kind, ushort Size)[] operations)
    {
        var queue = Queue();
        var offered = new List<string>();
        var sent = new List<string>();
        var now = T0;
        for (int i = 0; i < operations.Length; i++)
        {
            var (kind, size) = operations[i];
            now = now.AddNanoseconds(500_000);
            if (kind % 5 == 4)
            {
                if (queue.TakeBatch(now) is { } batch) sent.AddRange(batch.Messages);
                continue;
            }
            var priority = (MessagePriority)(kind % 5);
            string id = $"{priority}-{i}";
            if (priority == MessagePriority.Consensus) offered.Add(id);
            queue.Enqueue(id, priority, size % 400, now);
        }
        while (queue.TakeBatch(now = now.AddNanoseconds(Settings.BatchWindowNanos)) is { } rest)
            sent.AddRange(rest.Messages);

        var consensusSent = sent.Where(id => id.StartsWith(nameof(MessagePriority.Consensus), StringComparison.Ordinal));
        return consensusSent.SequenceEqual(offered) && queue.Count == 0 && queue.Bytes == 0;
    }
}
