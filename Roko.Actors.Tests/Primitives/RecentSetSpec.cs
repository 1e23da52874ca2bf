using Roko.Actors.Primitives;
using Xunit;

namespace Roko.Actors.Tests.Primitives;

public class RecentSetSpec
{
    [Fact]
    public void RecentSet_should_keep_at_most_its_capacity_and_forget_the_older_generation_first()
    {
        var set = new RecentSet<int>(4);
        for (int i = 1; i <= 5; i++) set.Add(i);

        Assert.True(set.Count <= 4);
        Assert.True(set.Contains(5));
        Assert.True(set.Contains(3));
        Assert.False(set.Contains(1));
    }

    [Fact]
    public void RecentSet_should_count_a_member_added_twice_once()
    {
        var set = new RecentSet<int>(8);
        set.Add(7);
        set.Add(7);
        Assert.Equal(1, set.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecentSet<int>(1));
    }

    [Fact]
    public void RecentSet_should_stay_consistent_when_threads_add_concurrently()
    {
        var set = new RecentSet<int>(1000);
        Parallel.For(0, 4, worker =>
        {
            for (int i = 0; i < 200; i++) set.Add(worker * 200 + i);
        });
        Assert.Equal(800, set.Count);
    }
}
