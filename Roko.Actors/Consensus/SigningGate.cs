using System.Collections.Immutable;

namespace Roko.Actors.Consensus;

/// <summary>
/// Whether this validator may sign proposals and votes. Independent concerns hold it shut, each under its own holder
/// name (<see cref="AlertingHolder"/> while a <c>stop-proposing</c> alert fires, <see cref="ParticipationHolder"/>
/// while the participation gate refuses, <see cref="ForkHolder"/> while a detected fork is unresolved); it opens again only when every holder
/// has released it. Pure: the consensus driver owns one and tells its round when <see cref="IsOpen"/> changes.
/// </summary>
public sealed record SigningGate
{
    /// <summary>The holder name of the alerting actor's <c>stop-proposing</c> response.</summary>
    public const string AlertingHolder = "alerting";

    /// <summary>The holder name of the participation gate (e.g. roko.validator.require-time-card, an unbounded clock).</summary>
    public const string ParticipationHolder = "participation";

    /// <summary>The holder name of the fork monitor: a fork is unresolved (or the fork record is not read yet); only an operator releases it.</summary>
    public const string ForkHolder = "fork";

    private SigningGate(ImmutableSortedDictionary<string, string> holds) => Holds = holds;

    public static SigningGate Open { get; } = new(ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal));

    /// <summary>Why signing is held, by holder.</summary>
    public ImmutableSortedDictionary<string, string> Holds { get; }

    public bool IsOpen => Holds.IsEmpty;

    /// <summary>Shut (or keep shut) by <paramref name="holder"/>; a holder holding again only updates its reason.</summary>
    public SigningGate Hold(string holder, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(holder);
        ArgumentNullException.ThrowIfNull(reason);
        return new SigningGate(Holds.SetItem(holder, reason));
    }

    /// <summary>Drops <paramref name="holder"/>'s hold; the gate opens when no other holder remains.</summary>
    public SigningGate Release(string holder) => new(Holds.Remove(holder));

    public override string ToString() =>
        IsOpen ? "open" : "held by " + string.Join("; ", Holds.Select(h => $"{h.Key} ({h.Value})"));
}
