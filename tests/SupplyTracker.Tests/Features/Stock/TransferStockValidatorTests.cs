using FluentValidation;
using SupplyTracker.Features.Stock;

namespace SupplyTracker.Tests.Features.Stock;

public sealed class TransferStockValidatorTests
{
    private readonly TransferStockValidator _validator = new(db: null!);

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("10000000000")]
    public async Task Moves_only_a_positive_whole_quantity(string quantity)
    {
        var command = new TransferStock(1, 2, 1, null, decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture), null);

        var result = await _validator.ValidateAsync(command, o => o.IncludeProperties(nameof(TransferStock.Quantity)));

        Assert.Equal("Quantity", Assert.Single(result.Errors).PropertyName);
    }

    [Fact]
    public async Task Rejects_a_lot_number_longer_than_64_characters()
    {
        var command = new TransferStock(1, 2, 1, new string('x', 65), 1, null);

        var result = await _validator.ValidateAsync(command, o => o.IncludeProperties(nameof(TransferStock.LotNumber)));

        Assert.Equal("LotNumber", Assert.Single(result.Errors).PropertyName);
    }
}
