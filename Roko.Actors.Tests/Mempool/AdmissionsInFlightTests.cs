using Roko.Actors.Hardware.Time;
using Roko.Actors.Mempool;
using Roko.Actors.Primitives;
using Xunit;

namespace Roko.Actors.Tests.Mempool;

/// <summary>A slice stops just before the earliest transaction still being verified, never at or before the tip's cutoff.</summary>
public sealed class AdmissionsInFlightTests
{
    private static readonly NanoMoment LastCutoff = NanoMoment.FromUnixSeconds(1_800_000_000);
    private static NanoMoment At(long nanosAfterLastCutoff) => LastCutoff.AddNanoseconds(nanosAfterLastCutoff);
    private static Hash32 Id(int i) => Roko.Actors.Crypto.Sha256.Hash(BitConverter.GetBytes(i));

    [Fact]
    public void With_nothing_in_flight_the_asked_cutoff_should_stand()
    {
        var inFlight = new AdmissionsInFlight();
        Assert.Equal(At(1_000), inFlight.SliceCutoff(At(1_000), LastCutoff));
    }

    [Fact]
    public void The_cutoff_should_stop_just_before_the_earliest_transaction_in_flight_until_its_verdict_comes()
    {
        var inFlight = new AdmissionsInFlight();
        inFlight.Add(Id(1), At(700));
        inFlight.Add(Id(2), At(400));
        inFlight.Add(Id(3), At(5_000)); // after the asked cutoff: no effect

        Assert.Equal(At(399), inFlight.SliceCutoff(At(1_000), LastCutoff));
        inFlight.Remove(Id(2));
        Assert.Equal(At(699), inFlight.SliceCutoff(At(1_000), LastCutoff));
        inFlight.Remove(Id(1));
        Assert.Equal(At(1_000), inFlight.SliceCutoff(At(1_000), LastCutoff));
        Assert.Equal(1, inFlight.Count);
    }

    [Fact]
    public void Transactions_signed_at_or_before_the_tips_cutoff_should_not_hold_the_slice_back()
    {
        var inFlight = new AdmissionsInFlight();
        inFlight.Add(Id(1), At(0));    // too late for any block already
        inFlight.Add(Id(2), At(-50));
        Assert.Equal(At(1_000), inFlight.SliceCutoff(At(1_000), LastCutoff));

        inFlight.Add(Id(3), At(1)); // one nanosecond after: the cutoff cannot go lower than one after the tip's
        Assert.Equal(At(1), inFlight.SliceCutoff(At(1_000), LastCutoff));
    }

    [Fact]
    public void Adding_the_same_transaction_twice_and_removing_an_unknown_one_should_change_nothing()
    {
        var inFlight = new AdmissionsInFlight();
        inFlight.Add(Id(1), At(300));
        inFlight.Add(Id(1), At(300));
        inFlight.Remove(Id(9));
        Assert.Equal(1, inFlight.Count);
        inFlight.Remove(Id(1));
        Assert.Equal(0, inFlight.Count);
        Assert.Equal(At(1_000), inFlight.SliceCutoff(At(1_000), LastCutoff));
    }
}
