using System.Globalization;
using System.Numerics;

namespace Roko.Actors.Primitives;

/// <summary>
/// A quantity of ROKO in base units (UInt128); 1 ROKO = 10^18 base units. Arithmetic is checked:
/// overflow and underflow throw <see cref="AmountOverflowException"/>, never wrap.
/// Text form: <c>32000 ROKO</c>, <c>0.000000000000000001 ROKO</c> (no trailing zeros, no exponent).
/// </summary>
public readonly record struct Amount(UInt128 BaseUnits) : IComparable<Amount>
{
    public const int Decimals = 18;
    public const string Unit = "ROKO";
    public static readonly UInt128 BaseUnitsPerRoko = UInt128.Parse("1000000000000000000", CultureInfo.InvariantCulture);

    public static Amount Zero { get; } = new(UInt128.Zero);
    public static Amount MaxValue { get; } = new(UInt128.MaxValue);

    public static Amount FromRoko(ulong whole) => new(checked((UInt128)whole * BaseUnitsPerRoko));

    public bool IsZero => BaseUnits == UInt128.Zero;

    public static Amount operator +(Amount a, Amount b)
    {
        UInt128 sum = a.BaseUnits + b.BaseUnits;
        if (sum < a.BaseUnits) throw new AmountOverflowException($"{a} + {b} exceeds the largest amount");
        return new Amount(sum);
    }

    public static Amount operator -(Amount a, Amount b)
    {
        if (b.BaseUnits > a.BaseUnits) throw new AmountOverflowException($"{a} - {b} is negative");
        return new Amount(a.BaseUnits - b.BaseUnits);
    }

    public static bool TryAdd(Amount a, Amount b, out Amount sum)
    {
        UInt128 s = a.BaseUnits + b.BaseUnits;
        sum = new Amount(s);
        return s >= a.BaseUnits;
    }

    /// <summary>Multiplies by a fraction given in parts per million, rounding down (used for slashing).</summary>
    public Amount MultiplyPpm(uint partsPerMillion)
    {
        const uint Million = 1_000_000;
        if (partsPerMillion > Million)
            throw new ArgumentOutOfRangeException(nameof(partsPerMillion), partsPerMillion, "at most 1,000,000 ppm");
        var product = (BigInteger)BaseUnits * partsPerMillion / Million;
        return new Amount((UInt128)product);
    }

    public static bool operator <(Amount a, Amount b) => a.BaseUnits < b.BaseUnits;
    public static bool operator >(Amount a, Amount b) => a.BaseUnits > b.BaseUnits;
    public static bool operator <=(Amount a, Amount b) => a.BaseUnits <= b.BaseUnits;
    public static bool operator >=(Amount a, Amount b) => a.BaseUnits >= b.BaseUnits;
    public int CompareTo(Amount other) => BaseUnits.CompareTo(other.BaseUnits);

    public override string ToString()
    {
        UInt128 whole = BaseUnits / BaseUnitsPerRoko;
        UInt128 fraction = BaseUnits % BaseUnitsPerRoko;
        string text = whole.ToString(CultureInfo.InvariantCulture);
        if (fraction != UInt128.Zero)
            text += "." + fraction.ToString(CultureInfo.InvariantCulture).PadLeft(Decimals, '0').TrimEnd('0');
        return text + " " + Unit;
    }

    /// <summary>Parses <c>&lt;decimal&gt; ROKO</c>: digits, an optional point with at most 18 digits, one space, the unit.</summary>
    public static Amount Parse(string text)
    {
        if (TryParse(text, out var amount, out var error)) return amount;
        throw new FormatException($"Amount '{text}': {error}");
    }

    public static bool TryParse(string? text, out Amount amount, out string error)
    {
        amount = default;
        if (string.IsNullOrWhiteSpace(text)) { error = "empty"; return false; }
        int space = text.IndexOf(' ');
        if (space <= 0 || text[(space + 1)..] != Unit)
        {
            error = $"expected '<number> {Unit}' with one space, e.g. '32000 {Unit}' or '0.5 {Unit}'";
            return false;
        }
        string number = text[..space];
        int point = number.IndexOf('.');
        string wholeText = point < 0 ? number : number[..point];
        string fractionText = point < 0 ? "" : number[(point + 1)..];
        if (wholeText.Length == 0 || !wholeText.All(char.IsAsciiDigit) || !fractionText.All(char.IsAsciiDigit)
            || (point >= 0 && fractionText.Length == 0))
        {
            error = "not a plain decimal number";
            return false;
        }
        if (fractionText.Length > Decimals)
        {
            error = $"more than {Decimals} decimal places (the smallest unit is 0.000000000000000001 {Unit})";
            return false;
        }
        var baseUnits = BigInteger.Parse(wholeText + fractionText.PadRight(Decimals, '0'), CultureInfo.InvariantCulture);
        if (baseUnits > (BigInteger)UInt128.MaxValue)
        {
            error = "exceeds the largest amount (2^128 - 1 base units)";
            return false;
        }
        amount = new Amount((UInt128)baseUnits);
        error = "";
        return true;
    }
}

/// <summary>An amount computation would leave the UInt128 range; the operation has no effect.</summary>
public sealed class AmountOverflowException(string message) : OverflowException(message);
