using FsCheck.Xunit;
using Roko.Actors.Primitives;
using Xunit;

namespace Roko.Actors.Tests.Primitives;

public class AmountSpec
{
    private static readonly UInt128 OneRoko = Amount.BaseUnitsPerRoko;

    [Theory]
    [InlineData("32000 ROKO", "32000000000000000000000")]
    [InlineData("0.000000000000000001 ROKO", "1")]
    [InlineData("0 ROKO", "0")]
    [InlineData("1.5 ROKO", "1500000000000000000")]
    [InlineData("340282366920938463463.374607431768211455 ROKO", "340282366920938463463374607431768211455")]
    public void Amount_should_parse_and_print_the_canonical_text(string text, string baseUnits)
    {
        var amount = Amount.Parse(text);
        Assert.Equal(UInt128.Parse(baseUnits), amount.BaseUnits);
        Assert.Equal(text, amount.ToString());
    }

    [Fact]
    public void Amount_should_print_without_trailing_zeros()
    {
        Assert.Equal("1.5 ROKO", Amount.Parse("1.500000 ROKO").ToString());
        Assert.Equal("32000 ROKO", Amount.FromRoko(32000).ToString());
        Assert.Equal("0 ROKO", Amount.Zero.ToString());
    }

    [Theory]
    [InlineData("0.0000000000000000001 ROKO", "more than 18 decimal places")]
    [InlineData("-1 ROKO", "not a plain decimal number")]
    [InlineData("1e5 ROKO", "not a plain decimal number")]
    [InlineData("1. ROKO", "not a plain decimal number")]
    [InlineData(".5 ROKO", "not a plain decimal number")]
    [InlineData("1.2.3 ROKO", "not a plain decimal number")]
    [InlineData("abc ROKO", "not a plain decimal number")]
    [InlineData("12", "expected '<number> ROKO'")]
    [InlineData("12 roko", "expected '<number> ROKO'")]
    [InlineData("12 ETH", "expected '<number> ROKO'")]
    [InlineData("1 2 ROKO", "expected '<number> ROKO'")]
    [InlineData("", "empty")]
    [InlineData("340282366920938463463.374607431768211456 ROKO", "exceeds the largest amount")]
    [InlineData("999999999999999999999999999999 ROKO", "exceeds the largest amount")]
    public void Parse_should_refuse_bad_text_with_a_reason(string text, string reason)
    {
        var e = Assert.Throws<FormatException>(() => Amount.Parse(text));
        Assert.Contains(reason, e.Message);
        Assert.False(Amount.TryParse(text, out _, out _));
    }

    [Fact]
    public void Addition_should_throw_AmountOverflowException_instead_of_wrapping()
    {
        Assert.Throws<AmountOverflowException>(() => Amount.MaxValue + new Amount(1));
        Assert.Throws<AmountOverflowException>(() => Amount.MaxValue + Amount.MaxValue);
        Assert.Equal(Amount.MaxValue, Amount.MaxValue + Amount.Zero);
        Assert.False(Amount.TryAdd(Amount.MaxValue, new Amount(1), out _));
        Assert.True(Amount.TryAdd(new Amount(2), new Amount(3), out var sum));
        Assert.Equal(new Amount(5), sum);
    }

    [Fact]
    public void Subtraction_should_throw_AmountOverflowException_instead_of_going_negative()
    {
        Assert.Throws<AmountOverflowException>(() => Amount.Zero - new Amount(1));
        Assert.Throws<AmountOverflowException>(() => new Amount(5) - new Amount(6));
        Assert.Equal(Amount.Zero, new Amount(5) - new Amount(5));
    }

    [Fact]
    public void FromRoko_should_scale_by_ten_to_the_eighteen()
    {
        Assert.Equal(OneRoko * 7, Amount.FromRoko(7).BaseUnits);
        Assert.Equal((UInt128)ulong.MaxValue * OneRoko, Amount.FromRoko(ulong.MaxValue).BaseUnits);
    }

    [Fact]
    public void MultiplyPpm_should_round_down_and_refuse_more_than_a_million()
    {
        Assert.Equal(new Amount(333_333), new Amount(1_000_000).MultiplyPpm(333_333));
        Assert.Equal(new Amount(0), new Amount(1).MultiplyPpm(999_999));
        Assert.Equal(Amount.MaxValue, Amount.MaxValue.MultiplyPpm(1_000_000));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Amount(1).MultiplyPpm(1_000_001));
    }

    [Fact]
    public void Amounts_should_order_by_base_units()
    {
        Assert.True(new Amount(1) < new Amount(2));
        Assert.True(Amount.MaxValue > Amount.Zero);
        Assert.True(new Amount(2) >= new Amount(2) && new Amount(2) <= new Amount(2));
        Assert.Equal(-1, Amount.Zero.CompareTo(new Amount(1)));
    }

    [Property(MaxTest = 1000)]
    public bool Amount_should_round_trip_through_text_for_every_value(ulong high, ulong low)
    {
        var amount = new Amount(new UInt128(high, low));
        return Amount.Parse(amount.ToString()) == amount;
    }
}
