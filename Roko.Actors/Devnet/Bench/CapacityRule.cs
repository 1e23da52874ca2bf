namespace Roko.Actors.Devnet.Bench;

/// <summary>
/// When a rate is within the devnet's capacity: at least <paramref name="MinFinalizedShare"/> of its transactions finalized
/// and finality p99 at most <paramref name="MaxFinalityP99"/> (HOCON roko.bench.capacity).
/// </summary>
public sealed record CapacityRule(double MinFinalizedShare, TimeSpan MaxFinalityP99)
{
    public bool Meets(CapacityRateResult run) =>
        run.FinalizedShare >= MinFinalizedShare && run.FinalityMsP99 <= MaxFinalityP99.TotalMilliseconds;

    /// <summary>
    /// The capacity: counting up from the lowest rate, the last rate that meets the rule before the first that does not;
    /// 0 when the lowest does not. A higher rate that meets it again after a failure does not count: a run that fails
    /// at a lower load shows the network cannot be relied on at the higher one (a lucky run is not capacity).
    /// </summary>
    public double CapacityOf(IEnumerable<CapacityRateResult> runs)
    {
        double capacity = 0;
        foreach (var run in runs.OrderBy(r => r.TxRate))
        {
            if (!Meets(run)) break;
            capacity = run.TxRate;
        }
        return capacity;
    }
}
