using System.Diagnostics;
using Roko.Actors.Hardware.Ptp;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Roko.Actors.Tests.Ptp;

/// <summary>
/// A real linuxptp grandmaster and client, each configured by <see cref="Ptp4lConfig"/>, in two network namespaces
/// joined by a veth pair, software time stamping; the client's state is read through <see cref="PtpManagementClient"/>.
/// Both ptp4l run free-running (measure only), so the shared host clock is never steered: they share one clock,
/// so the true offset is zero and what the client measures is the software time-stamping error.
/// </summary>
public sealed class Ptp4lIntegrationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const byte GrandmasterClockClass = 6;
    private const byte GrandmasterPriority1 = 128;
    private const byte GrandmasterPriority2 = 128;
    private const ushort StepsRemovedBehindOneLink = 1;

    private static readonly TimeSpan LockBound = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan SampleWindow = TimeSpan.FromSeconds(6);

    /// <summary>Generous for software time stamps on a loaded 2-core machine (≈ ±2 µs measured here).</summary>
    private const long MaxMedianAbsOffsetNanoseconds = 100_000;
    private const double MaxMeanPathDelayNanoseconds = 1_000_000;

    private Ptp4lTestbed? _testbed;
    private Ptp4lTestbed Testbed => _testbed!;

    public async Task InitializeAsync() =>
        _testbed = await Ptp4lTestbed.StartAsync($"clock-class = {GrandmasterClockClass}");

    public async Task DisposeAsync()
    {
        if (_testbed is not null) await _testbed.DisposeAsync();
        _testbed = null;
    }

    [PtpIntegrationFact]
    public async Task Client_should_follow_the_generated_grandmaster_when_both_run_real_ptp4l()
    {
        var started = Stopwatch.StartNew();
        using var grandmasterManagement = PtpManagementClient.Create(Testbed.GrandmasterSettings);
        using var clientManagement = PtpManagementClient.Create(Testbed.ClientSettings);

        var grandmasterParent = await PollAsync(() => grandmasterManagement.GetParentDataSetAsync(), _ => true, "grandmaster answers");
        PtpClockIdentity grandmasterIdentity = grandmasterParent.GrandmasterIdentity;
        var grandmasterStatus = await grandmasterManagement.GetTimeStatusAsync();
        Assert.False(grandmasterStatus.GrandmasterPresent);
        Assert.Equal(grandmasterIdentity, grandmasterStatus.GrandmasterIdentity);

        var locked = await PollAsync(() => clientManagement.GetTimeStatusAsync(),
            status => status.GrandmasterPresent && status.GrandmasterIdentity == grandmasterIdentity
                && status.IngressTimeNanoseconds != 0,
            "client reports the grandmaster present and a sync received");
        TimeSpan timeToLock = started.Elapsed;

        var offsets = new List<long> { locked.MasterOffsetNanoseconds };
        var delays = new List<double>();
        long lastIngress = locked.IngressTimeNanoseconds;
        var window = Stopwatch.StartNew();
        while (window.Elapsed < SampleWindow)
        {
            await Task.Delay(PollInterval);
            var status = await clientManagement.GetTimeStatusAsync();
            if (status.IngressTimeNanoseconds != lastIngress)
            {
                offsets.Add(status.MasterOffsetNanoseconds);
                lastIngress = status.IngressTimeNanoseconds;
            }
            delays.Add((await clientManagement.GetCurrentDataSetAsync()).MeanPathDelayNanoseconds);
        }

        var parent = await clientManagement.GetParentDataSetAsync();
        var current = await clientManagement.GetCurrentDataSetAsync();
        long medianAbsOffset = offsets.Select(Math.Abs).Order().ElementAt(offsets.Count / 2);
        output.WriteLine($"time to lock {timeToLock.TotalSeconds:F1} s; grandmaster {grandmasterIdentity}; " +
            $"{offsets.Count} syncs, master offsets ns [{string.Join(", ", offsets)}], median |offset| {medianAbsOffset} ns; " +
            $"mean path delay ns {delays.DefaultIfEmpty().Min():F0}..{delays.DefaultIfEmpty().Max():F0}; " +
            $"currentDS offsetFromMaster {current.OffsetFromMasterNanoseconds:F1} ns");

        Assert.Equal(grandmasterIdentity, parent.GrandmasterIdentity);
        Assert.Equal(grandmasterIdentity, parent.ParentPortIdentity.ClockIdentity);
        Assert.Equal(GrandmasterPriority1, parent.GrandmasterPriority1);
        Assert.Equal(GrandmasterPriority2, parent.GrandmasterPriority2);
        Assert.Equal(GrandmasterClockClass, parent.GrandmasterClockQuality.ClockClass);
        Assert.Equal(StepsRemovedBehindOneLink, current.StepsRemoved);
        Assert.True(offsets.Count >= 2, $"expected several syncs in {SampleWindow.TotalSeconds} s, saw {offsets.Count}");
        Assert.True(medianAbsOffset <= MaxMedianAbsOffsetNanoseconds,
            $"median |master offset| {medianAbsOffset} ns exceeds {MaxMedianAbsOffsetNanoseconds} ns on one shared clock");
        Assert.InRange(current.MeanPathDelayNanoseconds, 0, MaxMeanPathDelayNanoseconds);
    }

    /// <summary>Asks until <paramref name="done"/> holds, treating "not up yet" errors as a reason to ask again.</summary>
    private async Task<T> PollAsync<T>(Func<Task<T>> ask, Func<T, bool> done, string what)
    {
        var waited = Stopwatch.StartNew();
        string lastState = "no answer yet";
        while (waited.Elapsed < LockBound)
        {
            Testbed.FailIfExited();
            try
            {
                T answer = await ask();
                if (done(answer))
                    return answer;
                lastState = answer!.ToString()!;
            }
            catch (Exception e) when (e is TimeoutException or PtpManagementException)
            {
                lastState = e.Message;
            }
            await Task.Delay(PollInterval);
        }
        throw new XunitException($"not within {LockBound.TotalSeconds} s: {what}; last: {lastState}\n{Testbed.Output}");
    }
}
