using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Mempool;
using Roko.Actors.Primitives;
using Roko.Actors.Tests.Builders;
using Xunit;

namespace Roko.Actors.Tests.Mempool;

public sealed class AdmissionBacklogTests
{
    private static readonly TimeSpan InclusionDelay = TimeSpan.FromMilliseconds(300);
    private static readonly AdmissionSettings Settings = new(ProbeInterval: TimeSpan.FromMilliseconds(100),
        BusyAbove: TimeSpan.FromMilliseconds(100), ClearBelow: TimeSpan.FromMilliseconds(40), Smoothing: 0.5,
        RetryAfter: TimeSpan.FromSeconds(1), MinPending: 1000, BusyVerifyHeadroom: TimeSpan.FromMilliseconds(50),
        BusySliceLag: TimeSpan.FromSeconds(1));
    private static readonly LedgerState Genesis = Build.Chain().WithValidators(1).Funding(Keys.Alice, Amount.FromRoko(10)).Build().State;
    private static readonly NanoMoment Now = Moments.AfterGenesis(10_000);

    /// <summary>The tip after a block at <paramref name="height"/> whose slice ended <paramref name="sliceLagMs"/> before its block time (just before now).</summary>
    private static LedgerState TipWithSliceLag(long sliceLagMs, ulong height = 5) => Genesis with
    {
        Height = height,
        LastBlockTime = Now.AddNanoseconds(-Moments.Millis(10)),
        LastCutoff = Now.AddNanoseconds(-Moments.Millis(10) - Moments.Millis(sliceLagMs)),
    };

    [Fact]
    public void Nothing_waiting_and_a_timely_last_block_should_take_transactions() =>
        Assert.Null(AdmissionBacklog.Refusal(Settings, Now, earliestVerifying: null, TipWithSliceLag(300), InclusionDelay));

    [Theory]
    [InlineData(249, false)]
    [InlineData(250, false)]
    [InlineData(251, true)]
    [InlineData(5_000, true)]
    public void A_transaction_waiting_for_its_signature_check_within_the_headroom_of_inclusion_delay_should_make_the_node_busy(long signedMsAgo, bool busy)
    {
        var refusal = AdmissionBacklog.Refusal(Settings, Now, Now.AddNanoseconds(-Moments.Millis(signedMsAgo)), TipWithSliceLag(300), InclusionDelay);

        Assert.Equal(busy, refusal is not null);
        if (busy) Assert.Contains("within 50 ms (roko.mempool.admission.busy-verify-headroom) of inclusion-delay 300 ms", refusal);
    }

    [Fact]
    public void A_long_inclusion_delay_should_leave_room_for_transactions_signed_long_ago() =>
        Assert.Null(AdmissionBacklog.Refusal(Settings, Now, Now.AddNanoseconds(-Moments.Seconds(4)), TipWithSliceLag(5_300), TimeSpan.FromSeconds(5)));

    [Theory]
    [InlineData(1_300, false)]
    [InlineData(1_301, true)]
    public void A_last_block_that_sealed_its_slice_more_than_busy_slice_lag_past_inclusion_delay_should_make_the_node_busy(long sliceLagMs, bool busy)
    {
        var refusal = AdmissionBacklog.Refusal(Settings, Now, earliestVerifying: null, TipWithSliceLag(sliceLagMs), InclusionDelay);

        Assert.Equal(busy, refusal is not null);
        if (busy) Assert.Contains("block 5 sealed its slice", refusal);
    }

    [Fact]
    public void Genesis_should_not_count_as_a_lagging_block() =>
        Assert.Null(AdmissionBacklog.Refusal(Settings, Now, earliestVerifying: null, TipWithSliceLag(60_000, height: 0), InclusionDelay));
}
