using Roko.Actors.Devnet.Bench;
using Xunit;

namespace Roko.Actors.Tests.Devnet.Bench;

public sealed class CapacityBenchTableTests
{
    private static readonly CapacityRule Rule = new(0.99, TimeSpan.FromSeconds(2));

    [Fact]
    public void Table_should_have_a_row_per_rate_and_end_with_the_capacity_and_its_thresholds()
    {
        var runs = new[]
        {
            new CapacityRateResult(200, 1, 400, 1200, 30, 900, new Dictionary<string, int>(), 50.5, 270, new Dictionary<string, int>(), 0, 12000, 12000, 200, 60),
            new CapacityRateResult(400, 0.95, 900, 2600, 28, 2100, new Dictionary<string, int> { ["Busy"] = 700 }, 80, 310,
                new Dictionary<string, int>(), 0, 24000, 22800, 380, 60),
        };

        var lines = CapacityBenchTable.Render(CapacityBenchResult.Of(runs, Rule), Rule).Split('\n');

        Assert.Equal(4, lines.Length);
        Assert.StartsWith("tx/s", lines[0].TrimStart());
        Assert.Contains("yes", lines[1]);
        Assert.EndsWith("no  Busy 700", lines[2]);
        Assert.Equal("capacity: 200 tx/s (>= 99 % finalized, finality p99 <= 2 s)", lines[3]);
    }
}
