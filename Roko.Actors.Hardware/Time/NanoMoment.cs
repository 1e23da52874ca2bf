using System.Globalization;

namespace Roko.Actors.Hardware.Time;

/// <summary>
/// A point in time: nanoseconds since the Unix epoch (1970-01-01T00:00:00Z), UTC, signed 64-bit.
/// Covers 1677-09-21 to 2262-04-11. Text form is ISO-8601 with exactly nine fractional digits and a
/// trailing <c>Z</c>, e.g. <c>2026-11-22T18:48:25.000000123Z</c>; <see cref="Parse"/> round-trips it exactly.
/// </summary>
public readonly record struct NanoMoment(long UnixNanoseconds) : IComparable<NanoMoment>
{
    public const long NanosPerSecond = 1_000_000_000L;

    public static NanoMoment MinValue { get; } = new(long.MinValue);
    public static NanoMoment MaxValue { get; } = new(long.MaxValue);
    public static NanoMoment UnixEpoch { get; } = new(0);

    public static NanoMoment FromDateTime(DateTime utc)
    {
        if (utc.Kind == DateTimeKind.Local)
            throw new ArgumentException("NanoMoment needs a UTC DateTime, got a local one.", nameof(utc));
        long ticks = utc.Ticks - DateTime.UnixEpoch.Ticks;
        return new NanoMoment(checked(ticks * Nanoseconds.PerTick));
    }

    public static NanoMoment FromUnixSeconds(long seconds, long nanos = 0) =>
        new(checked(seconds * NanosPerSecond + nanos));

    /// <summary>The moment as a <see cref="DateTime"/> (truncated to the 100 ns tick).</summary>
    public DateTime ToDateTime() =>
        DateTime.UnixEpoch.AddTicks(FloorDiv(UnixNanoseconds, Nanoseconds.PerTick));

    public NanoMoment AddNanoseconds(long nanos) => new(checked(UnixNanoseconds + nanos));
    public NanoMoment Add(TimeSpan span) => AddNanoseconds(Nanoseconds.FromTimeSpan(span));

    /// <summary>Saturating add: clamps at <see cref="MinValue"/>/<see cref="MaxValue"/> instead of throwing.</summary>
    public NanoMoment AddSaturating(long nanos)
    {
        long r = UnixNanoseconds + nanos;
        if (nanos > 0 && r < UnixNanoseconds) return MaxValue;
        if (nanos < 0 && r > UnixNanoseconds) return MinValue;
        return new NanoMoment(r);
    }

    /// <summary>Nanoseconds from <paramref name="b"/> to <paramref name="a"/>; throws on overflow.</summary>
    public static long operator -(NanoMoment a, NanoMoment b) => checked(a.UnixNanoseconds - b.UnixNanoseconds);
    public static NanoMoment operator +(NanoMoment a, TimeSpan b) => a.Add(b);
    public static NanoMoment operator -(NanoMoment a, TimeSpan b) => a.Add(-b);
    public static bool operator <(NanoMoment a, NanoMoment b) => a.UnixNanoseconds < b.UnixNanoseconds;
    public static bool operator >(NanoMoment a, NanoMoment b) => a.UnixNanoseconds > b.UnixNanoseconds;
    public static bool operator <=(NanoMoment a, NanoMoment b) => a.UnixNanoseconds <= b.UnixNanoseconds;
    public static bool operator >=(NanoMoment a, NanoMoment b) => a.UnixNanoseconds >= b.UnixNanoseconds;
    public int CompareTo(NanoMoment other) => UnixNanoseconds.CompareTo(other.UnixNanoseconds);

    public static NanoMoment Max(NanoMoment a, NanoMoment b) => a >= b ? a : b;
    public static NanoMoment Min(NanoMoment a, NanoMoment b) => a <= b ? a : b;

    public override string ToString()
    {
        long seconds = FloorDiv(UnixNanoseconds, NanosPerSecond);
        long fraction = UnixNanoseconds - seconds * NanosPerSecond;
        var date = DateTime.UnixEpoch.AddSeconds(seconds);
        return date.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)
               + "." + fraction.ToString("D9", CultureInfo.InvariantCulture) + "Z";
    }

    /// <summary>Parses the exact form <see cref="ToString"/> writes: <c>yyyy-MM-ddTHH:mm:ss.fffffffffZ</c>.</summary>
    public static NanoMoment Parse(string text)
    {
        if (TryParse(text, out var moment, out var error)) return moment;
        throw new FormatException($"NanoMoment '{text}': {error}");
    }

    public static bool TryParse(string? text, out NanoMoment moment, out string error)
    {
        moment = default;
        if (string.IsNullOrEmpty(text)) { error = "empty"; return false; }
        // 2026-11-22T18:48:25.123456789Z = 19 + 1 + 9 + 1 = 30 characters
        if (text.Length != 30 || text[19] != '.' || text[29] != 'Z')
        {
            error = "expected yyyy-MM-ddTHH:mm:ss.fffffffffZ (nine fractional digits, UTC)";
            return false;
        }
        if (!DateTime.TryParseExact(text.AsSpan(0, 19), "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var whole))
        {
            error = "date or time part is not valid";
            return false;
        }
        var frac = text.AsSpan(20, 9);
        foreach (var c in frac)
            if (c is < '0' or > '9') { error = "fractional part must be nine digits"; return false; }
        long nanos = long.Parse(frac, NumberStyles.None, CultureInfo.InvariantCulture);
        long seconds = (whole.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond;
        // Int128: in the last second before MinValue, seconds * 1e9 alone is below long.MinValue.
        Int128 total = (Int128)seconds * NanosPerSecond + nanos;
        if (total < long.MinValue || total > long.MaxValue)
        {
            error = "outside the 64-bit nanosecond range (1677-09-21 .. 2262-04-11)";
            return false;
        }
        moment = new NanoMoment((long)total);
        error = "";
        return true;
    }

    private static long FloorDiv(long a, long b)
    {
        long q = a / b;
        if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
        return q;
    }
}
