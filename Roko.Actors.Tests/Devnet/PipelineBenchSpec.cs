using Roko.Actors.Devnet;
using Xunit;

namespace Roko.Actors.Tests.Devnet;

/// <summary>
/// <c>roko bench pipeline</c> on a small run: every transaction submitted at once is admitted and committed (blocks
/// sealed while admission goes on), none refused or sealed out. Admission control once refused all but the first thousand as busy, and the bench measured the refusals.
/// </summary>
public sealed class PipelineBenchSpec
{
    [Fact]
    public async Task Every_transaction_of_the_run_should_be_admitted_and_committed_and_both_verifiers_measured()
    {
        const int transactions = 2500; // more than admission control's default min-pending (1000)
        const int warmUp = 500;

        var result = await PipelineBench.RunAsync(transactions, warmUp, TextWriter.Null, CancellationToken.None);

        Assert.Equal(0, result.Rejected);
        Assert.Equal(transactions, result.Transactions);
        Assert.Equal(transactions, result.Finalized); // timed ones only: the warm-up's are not counted
        Assert.Equal(warmUp, result.WarmUp);
        Assert.Equal(["bouncycastle", "libsodium"], result.VerifyCeilings.Keys.Order());
    }
}
