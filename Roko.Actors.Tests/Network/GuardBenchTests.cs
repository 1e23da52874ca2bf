using Roko.Actors.Network;
using Roko.Actors.Network.Bench;
using Xunit;

namespace Roko.Actors.Tests.Network;

public sealed class GuardBenchTests
{
    [Fact]
    public void Bench_should_time_each_answer_of_the_guard_after_reaching_it()
    {
        // Run throws when the guard does not give the answer a case is about (allowed, rate-limited, blacklisted).
        var result = GuardBench.Run(calls: 1_000);

        Assert.Equal(1_000, result.Calls);
        Assert.True(result.AllowedNanos > 0);
        Assert.True(result.RateLimitedNanos > 0);
        Assert.True(result.BlacklistedNanos > 0);
    }
}
