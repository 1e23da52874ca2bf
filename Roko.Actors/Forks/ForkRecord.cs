using System.Collections.Immutable;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Primitives;

namespace Roko.Actors.Forks;

/// <summary>Journal event of the fork monitor: a fork was found, by which source, when (this node's clock).</summary>
public sealed record ForkDetected(ForkEvidence Evidence, string Source, NanoMoment DetectedAt)
{
    public const int MaxSourceBytes = 512;

    public byte[] Encode() => new CanonicalWriter(2048).WriteBytes(Evidence.Encode()).WriteString(Source).WriteMoment(DetectedAt).ToArray();

    public static ForkDetected Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var evidence = ForkEvidence.Decode(reader.ReadBytes("fork_detected.evidence", Ledger.Block.MaxEncodedSize));
        var detected = new ForkDetected(evidence, reader.ReadString("fork_detected.source", MaxSourceBytes), reader.ReadMoment("fork_detected.at"));
        reader.End("fork_detected");
        return detected;
    }
}

/// <summary>
/// Journal event of the fork monitor: an operator resumed signing; every fork detected so far (the first
/// <paramref name="Through"/>) is dealt with. <paramref name="Note"/> is what the operator said.
/// </summary>
public sealed record SigningResumed(int Through, string Note, NanoMoment At)
{
    public const int MaxNoteBytes = 1024;

    public byte[] Encode() => new CanonicalWriter(128).WriteU32(checked((uint)Through)).WriteString(Note).WriteMoment(At).ToArray();

    public static SigningResumed Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var resumed = new SigningResumed(checked((int)reader.ReadU32("signing_resumed.through")), reader.ReadString("signing_resumed.note", MaxNoteBytes),
            reader.ReadMoment("signing_resumed.at"));
        reader.End("signing_resumed");
        return resumed;
    }
}

/// <summary>
/// What the fork monitor holds, rebuilt from its journal: every fork detected (each once, whatever the number of
/// sources that showed it) and how many of them an operator has dealt with. While any is unresolved, signing is held.
/// Pure.
/// </summary>
public sealed record ForkRecord(ImmutableArray<ForkDetected> Forks, int Resolved)
{
    public static ForkRecord Empty { get; } = new([], 0);

    public int Unresolved => Forks.Length - Resolved;

    /// <summary>True when this fork is already recorded (shown before by this or another source).</summary>
    public bool Holds(ForkEvidence evidence) => Forks.Any(f => f.Evidence.SameForkAs(evidence));

    public ForkRecord Apply(ForkDetected detected) => Holds(detected.Evidence) ? this : this with { Forks = Forks.Add(detected) };

    public ForkRecord Apply(SigningResumed resumed) => this with { Resolved = Math.Clamp(resumed.Through, Resolved, Forks.Length) };

    /// <summary>Why signing is held, or null when no fork is unresolved.</summary>
    public string? HoldReason
    {
        get
        {
            if (Unresolved == 0) return null;
            var latest = Forks[^1];
            return $"{Unresolved} unresolved fork(s); latest at height {latest.Evidence.Height} ({latest.Evidence.First.Hash.Short} and " +
                   $"{latest.Evidence.Second.Hash.Short}) from {latest.Source}";
        }
    }
}
