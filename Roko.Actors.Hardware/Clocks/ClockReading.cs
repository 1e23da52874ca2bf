using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Hardware.Clocks;

/// <summary>
/// One reading of a clock source: its time and the bound on its error against true UTC. An unsynchronized reading
/// always carries an unbounded error (<see cref="long.MaxValue"/>), whatever the constructor was given.
/// </summary>
public readonly record struct ClockReading(NanoMoment Time, long ErrorBoundNanos, ClockSourceKind Source, ClockStatus Status)
{
    public const long UnboundedError = long.MaxValue;

    public long ErrorBoundNanos { get; } = Validate(ErrorBoundNanos, Status);

    public bool IsUnsynchronized => Status == ClockStatus.Unsynchronized;

    public bool IsBounded => ErrorBoundNanos != UnboundedError;

    /// <summary>The interval this reading claims to contain true time; <see cref="NanoInterval.Unbounded"/> when unsynchronized.</summary>
    public NanoInterval Interval => IsBounded ? NanoInterval.Around(Time, ErrorBoundNanos) : NanoInterval.Unbounded;

    public override string ToString() => IsUnsynchronized
        ? $"{Time} from {Source}: UNSYNCHRONIZED, error UNBOUNDED"
        : $"{Time} ±{ErrorBoundNanos} ns from {Source} ({Status})";

    private static long Validate(long errorBoundNanos, ClockStatus status)
    {
        if (status == ClockStatus.Unsynchronized) return UnboundedError;
        if (errorBoundNanos < 0)
            throw new ArgumentOutOfRangeException(nameof(errorBoundNanos), errorBoundNanos, "error bound must be >= 0");
        return errorBoundNanos;
    }
}
