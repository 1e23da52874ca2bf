using Roko.Actors.Devnet;
using Xunit;

namespace Roko.Actors.Tests.Devnet;

/// <summary>
/// <c>roko bench pipeline</c> on a small run: every transaction submitted at once is admitted and committed, none
/// refused. Admission control once refused all but the first thousand as busy, and the bench measured the refusals.
/// </summary>
public sealed class PipelineBenchSpec
{
    [Fact]
    public async Task Every_transaction_of_the_run_should_be_admitted_and_committed_and_both_verifiers_measured()
    {
        const int transactions = 2500; // more than admission control's default min-pending (1000)

        var result = await PipelineBench.RunAsync(transactions, TextWriter.Null, CancellationToken.None);

        Assert.Equal(0, result.Rejected);
        Assert.Equal(transactions, result.Finalized);
        Assert.Equal(["bouncycastle", "libsodium"], result.VerifyCeilings.Keys.Order());
    }
}
