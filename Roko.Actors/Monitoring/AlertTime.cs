using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Monitoring;

/// <summary>
/// When an evaluation happens, read from two sources. <see cref="Monotonic"/> (time elapsed on a monotonic source, the
/// Alerting actor's <see cref="TimeProvider"/>) is what a rule's <c>for</c> duration is measured on: it never stands still
/// or jumps as the node's disciplined clock can while unbounded or when corrected. <see cref="Stamp"/> is the node clock's
/// estimate, used only to stamp the alert (<c>startsAt</c>, <c>endsAt</c>) for people and Alertmanager.
/// </summary>
public readonly record struct AlertTime(TimeSpan Monotonic, NanoMoment Stamp);
