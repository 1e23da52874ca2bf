using Roko.Actors.Time;
using Xunit;

namespace Roko.Actors.Tests.Time;

public class PeerSampleFilterTests
{
    [Fact]
    public void Filter_should_choose_the_lowest_delay_sample()
    {
        var filter = PeerSampleFilter.Empty(4)
            .Add(ProbeSampleTests.Sample(0, 500, 500, 1_000))
            .Add(ProbeSampleTests.Sample(0, 60, 60, 100))
            .Add(ProbeSampleTests.Sample(0, 300, 300, 600));

        Assert.Equal(100, filter.Best!.DelayNanos);
    }

    [Fact]
    public void Filter_should_forget_samples_older_than_the_last_K()
    {
        var filter = PeerSampleFilter.Empty(2)
            .Add(ProbeSampleTests.Sample(0, 5, 5, 10))
            .Add(ProbeSampleTests.Sample(0, 500, 500, 1_000))
            .Add(ProbeSampleTests.Sample(0, 300, 300, 600));

        Assert.Equal(2, filter.Samples.Length);
        Assert.Equal(600, filter.Best!.DelayNanos);
    }

    [Fact]
    public void Filter_should_have_no_best_sample_when_empty()
    {
        Assert.Null(PeerSampleFilter.Empty(3).Best);
    }
}
