using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Roko.Actors.Time;
using Xunit;

namespace Roko.Actors.Tests.Time;

public class MarzulloTests
{
    public static TheoryData<long[], long, long, int> Cases => new()
    {
        // classic: [8,12], [11,13], [10,12] -> [11,12] agreed by all three
        { new long[] { 8, 12, 11, 13, 10, 12 }, 11, 12, 3 },
        // nested: the innermost interval is in all of them
        { new long[] { 0, 100, 10, 90, 40, 60 }, 40, 60, 3 },
        // disjoint: each alone; the earliest wins the tie
        { new long[] { 0, 1, 5, 6, 10, 11 }, 0, 1, 1 },
        // touching endpoints overlap in a single point
        { new long[] { 0, 5, 5, 10 }, 5, 5, 2 },
        // single
        { new long[] { -3, 7 }, -3, 7, 1 },
        // one falseticker far away, two agree
        { new long[] { 0, 10, 5, 15, 100, 110 }, 5, 10, 2 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Intersect_should_find_the_interval_most_sources_agree_on(long[] flat, long low, long high, int agreeing)
    {
        var result = Marzullo.Intersect(Pairs(flat));

        Assert.Equal(new MarzulloResult(low, high, agreeing), result);
    }

    [Fact]
    public void Intersect_should_report_no_agreement_when_there_is_no_input()
    {
        Assert.Equal(0, Marzullo.Intersect(ReadOnlySpan<(long, long)>.Empty).Agreeing);
    }

    [Fact]
    public void Intersect_should_reject_a_malformed_interval_naming_its_index()
    {
        var error = Assert.Throws<ArgumentException>(() => Marzullo.Intersect(new (long, long)[] { (0, 1), (5, 4) }));

        Assert.Contains("index 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Falsetickers_should_be_the_intervals_that_miss_the_chosen_intersection()
    {
        var intervals = Pairs([0, 10, 5, 15, 100, 110, 6, 9]);

        var falsetickers = Marzullo.Falsetickers(intervals, Marzullo.Intersect(intervals));

        Assert.Equal([2], falsetickers);
    }

    [Property(MaxTest = 300)]
    public Property Intersect_should_return_a_region_inside_exactly_Agreeing_intervals_and_no_point_in_more()
    {
        var interval = Gen.Two(Gen.Choose(-50, 50)).Select(t => ((long)Math.Min(t.Item1, t.Item2), (long)Math.Max(t.Item1, t.Item2)));
        return Prop.ForAll(Gen.ArrayOf(interval).ToArbitrary(), intervals =>
        {
            var result = Marzullo.Intersect(intervals);
            if (intervals.Length == 0) return result.Agreeing == 0;
            int Depth(long p) => intervals.Count(i => i.Item1 <= p && p <= i.Item2);
            var endpoints = intervals.SelectMany(i => new[] { i.Item1, i.Item2 }).ToArray();
            int deepest = endpoints.Max(Depth);
            bool regionAgreed = intervals.Count(i => i.Item1 <= result.Low && result.High <= i.Item2) == result.Agreeing;
            return result.Agreeing == deepest && regionAgreed && result.Low <= result.High;
        });
    }

    private static (long Low, long High)[] Pairs(long[] flat) =>
        Enumerable.Range(0, flat.Length / 2).Select(i => (flat[2 * i], flat[2 * i + 1])).ToArray();
}
