using Roko.Actors.Mempool.Bench;
using Xunit;

namespace Roko.Actors.Tests.Mempool;

/// <summary><c>roko bench pending</c> on a small pool: every transaction stays pending on a validator without a quorum, and the figures are read.</summary>
public sealed class PendingBenchSpec
{
    [Fact]
    public async Task A_validator_without_a_quorum_should_hold_every_transaction_submitted_and_the_bench_should_read_its_memory()
    {
        var result = await PendingBench.RunAsync(300, TextWriter.Null, CancellationToken.None);

        Assert.Equal(300, result.Requested);
        Assert.Equal(300, result.Pending);
        Assert.Empty(result.Refused);
        Assert.True(result.ResidentMbBefore > 0, $"resident before: {result.ResidentMbBefore} MiB");
        Assert.True(result.PeakResidentMb >= result.ResidentMbHolding, $"peak {result.PeakResidentMb} MiB below holding {result.ResidentMbHolding} MiB");
        Assert.True(result.ManagedHeapMbHolding > 0);
    }
}
