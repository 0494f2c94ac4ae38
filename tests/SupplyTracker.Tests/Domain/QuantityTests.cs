using SupplyTracker.Domain;

namespace SupplyTracker.Tests.Domain;

public sealed class QuantityTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("0.001")]
    [InlineData("1000000001")]
    [InlineData("10000000000")]
    public void Rejects_a_quantity_that_is_not_a_positive_whole_number_up_to_one_billion(string value)
    {
        var quantity = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);

        var error = Assert.Throws<DomainValidationException>(() => Quantity.Ensure(quantity));

        Assert.Equal("quantity", error.Field);
        Assert.False(Quantity.IsValid(quantity));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2.000")]
    [InlineData("1000000000")]
    public void Accepts_a_positive_whole_number_up_to_one_billion(string value)
    {
        var quantity = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal((long)quantity, Quantity.Ensure(quantity));
        Assert.True(Quantity.IsValid(quantity));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-5L)]
    [InlineData(1_000_000_001L)]
    public void Rejects_a_whole_number_out_of_range(long value)
    {
        var error = Assert.Throws<DomainValidationException>(() => Quantity.Ensure(value, "lines[0].quantity"));

        Assert.Equal("lines[0].quantity", error.Field);
    }
}
