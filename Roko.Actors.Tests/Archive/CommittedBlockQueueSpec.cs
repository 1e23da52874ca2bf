using Roko.Actors.Archive;
using Xunit;

namespace Roko.Actors.Tests.Archive;

public sealed class CommittedBlockQueueSpec
{
    private static readonly ArchiveTestChain Chain = new(6);

    [Fact]
    public void Offer_should_commit_the_next_height_at_once_and_one_block_at_a_time()
    {
        var (queue, commit) = CommittedBlockQueue.Start(0, 8).Offer(Chain[1]);
        Assert.Equal(1UL, commit!.Height);
        (queue, commit) = queue.Offer(Chain[2]);
        Assert.Null(commit); // block 1 is still in flight
        (queue, commit) = queue.Committed(1);
        Assert.Equal(2UL, commit!.Height);
    }

    [Fact]
    public void Offer_should_hold_future_blocks_until_the_gap_closes_and_name_the_gap()
    {
        var queue = CommittedBlockQueue.Start(0, 8);
        (queue, var commit) = queue.Offer(Chain[3]);
        Assert.Null(commit);
        Assert.Equal(1UL, queue.MissingFrom);
        (queue, commit) = queue.Offer(Chain[1]);
        Assert.Equal(1UL, commit!.Height);
        Assert.Null(queue.MissingFrom);
        (queue, commit) = queue.Committed(1);
        Assert.Null(commit);
        (queue, commit) = queue.Offer(Chain[2]);
        Assert.Equal(2UL, commit!.Height);
        (queue, commit) = queue.Committed(2);
        Assert.Equal(3UL, commit!.Height);
    }

    [Fact]
    public void Offer_should_drop_stale_and_repeated_blocks()
    {
        var queue = CommittedBlockQueue.Start(2, 8);
        (queue, var commit) = queue.Offer(Chain[2]);
        Assert.Null(commit);
        (queue, commit) = queue.Offer(Chain[4]);
        (queue, commit) = queue.Offer(Chain[4]);
        Assert.Null(commit);
        Assert.Single(queue.Waiting);
    }

    [Fact]
    public void Offer_should_keep_the_nearest_heights_when_the_buffer_is_full()
    {
        var queue = CommittedBlockQueue.Start(0, 2);
        foreach (ulong h in new ulong[] { 5, 4, 3 }) (queue, _) = queue.Offer(Chain[h]);
        Assert.Equal([3UL, 4UL], queue.Waiting.Keys);
    }

    [Fact]
    public void Committed_by_other_means_should_skip_waiting_blocks_it_covers()
    {
        var queue = CommittedBlockQueue.Start(0, 8);
        (queue, _) = queue.Offer(Chain[3]);
        (queue, _) = queue.Offer(Chain[5]);
        (queue, var commit) = queue.Committed(4); // block sync brought the chain to 4
        Assert.Equal(5UL, commit!.Height);
        Assert.Empty(queue.Waiting);
    }

    [Fact]
    public void Refused_should_free_the_height_for_another_copy()
    {
        var (queue, _) = CommittedBlockQueue.Start(0, 8).Offer(Chain[1]);
        queue = queue.Refused(1);
        (_, var commit) = queue.Offer(Chain[1]);
        Assert.Equal(1UL, commit!.Height);
    }
}
