namespace Roko.Actors.Monitoring;

/// <summary>The most recent value an actor set, read by observable gauges and snapshots from other threads.</summary>
internal sealed class LatestValue
{
    private double _value = double.NaN;

    public void Set(double value) => Volatile.Write(ref _value, value);

    public double? Get()
    {
        double value = Volatile.Read(ref _value);
        return double.IsNaN(value) ? null : value;
    }
}
