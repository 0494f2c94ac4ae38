using FluentValidation;
using SupplyTracker.Domain;
using SupplyTracker.Features.Stock;

namespace SupplyTracker.Tests.Features.Stock;

/// <summary>The quantity rules only; the rules that look up ids need the database and are covered in <see cref="AdjustStockTests"/>.</summary>
public sealed class AdjustStockValidatorTests
{
    private readonly AdjustStockValidator _validator = new(db: null!);

    private async Task<List<string>> QuantityErrorsAsync(decimal quantity, AdjustmentReason reason)
    {
        var command = new AdjustStock(1, 1, null, null, quantity, reason, null);
        var result = await _validator.ValidateAsync(command, o => o.IncludeProperties(nameof(AdjustStock.Quantity)));
        return [.. result.Errors.Select(e => e.PropertyName)];
    }

    [Theory]
    [InlineData(AdjustmentReason.Found, "5")]
    [InlineData(AdjustmentReason.Damaged, "-5")]
    [InlineData(AdjustmentReason.Lost, "-5")]
    [InlineData(AdjustmentReason.Expired, "-5")]
    [InlineData(AdjustmentReason.CountCorrection, "5")]
    [InlineData(AdjustmentReason.CountCorrection, "-5")]
    [InlineData(AdjustmentReason.CountCorrection, "-1000000000")]
    public async Task Accepts_the_sign_each_reason_calls_for(AdjustmentReason reason, string quantity)
    {
        Assert.Empty(await QuantityErrorsAsync(decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture), reason));
    }

    [Theory]
    [InlineData(AdjustmentReason.Found, "-5")]
    [InlineData(AdjustmentReason.Damaged, "5")]
    [InlineData(AdjustmentReason.Lost, "5")]
    [InlineData(AdjustmentReason.Expired, "5")]
    [InlineData(AdjustmentReason.CountCorrection, "0")]
    [InlineData(AdjustmentReason.CountCorrection, "1.5")]
    [InlineData(AdjustmentReason.CountCorrection, "-1000000001")]
    [InlineData(AdjustmentReason.Found, "10000000000")]
    public async Task Rejects_a_quantity_that_breaks_the_rules_of_its_reason(AdjustmentReason reason, string quantity)
    {
        var errors = await QuantityErrorsAsync(decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture), reason);

        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal("Quantity", e));
    }
}
