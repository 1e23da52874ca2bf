using Roko.Actors.Devnet.Bench;
using Xunit;

namespace Roko.Actors.Tests.Devnet.Bench;

public sealed class CapacityRatesTests
{
    [Fact]
    public void Parse_should_read_increasing_positive_rates()
    {
        Assert.Equal([50, 100.5, 800], CapacityRates.Parse("50, 100.5,800", out _));
    }

    [Theory]
    [InlineData("", "positive numbers")]
    [InlineData("200,,400", "got ''")]
    [InlineData("200,fast", "got 'fast'")]
    [InlineData("0,200", "got '0'")]
    [InlineData("-5", "got '-5'")]
    [InlineData("400,200", "rates must increase, got 200 after 400")]
    [InlineData("200,200", "rates must increase")]
    public void Parse_should_refuse_a_list_that_is_not_increasing_positive_numbers_saying_why(string text, string expected)
    {
        Assert.Null(CapacityRates.Parse(text, out var error));
        Assert.Contains(expected, error);
    }
}
