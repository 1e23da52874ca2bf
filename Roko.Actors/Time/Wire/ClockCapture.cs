using Roko.Actors.Hardware.Clocks;

namespace Roko.Actors.Time.Wire;

/// <summary>
/// The node's clocks read right after a datagram's kernel stamp was taken, between two reads of the host's realtime
/// clock (the kernel's timescale): the answering clock's <paramref name="Reading"/> and, on a node that samples its
/// peers, the raw <paramref name="Source"/> at <paramref name="Raw"/> (null source: none), with that clock's
/// <paramref name="Snapshot"/> when the answering clock is the sampled one (read before the raw source, so valid at
/// <paramref name="Raw"/>) and the source's measured <paramref name="RawPerRealtime"/> rate. All reads happened in
/// [<paramref name="RealtimeBefore"/>, <paramref name="RealtimeAfter"/>].
/// </summary>
public readonly record struct ClockCapture(
    long RealtimeBefore,
    long RealtimeAfter,
    DisciplinedReading Reading,
    IClockSource? Source,
    long Raw,
    DisciplineSnapshot? Snapshot = null,
    double RawPerRealtime = 1);

/// <summary>One of our stamps on the raw source: the value, its error (ns) and whether the kernel took it at the wire.</summary>
public readonly record struct RawStamp(IClockSource Source, long Raw, long ErrorNanos, bool AtWire);
