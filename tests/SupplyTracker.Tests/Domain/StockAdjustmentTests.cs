using SupplyTracker.Domain;

namespace SupplyTracker.Tests.Domain;

public sealed class StockAdjustmentTests
{
    private static StockAdjustment Adjust(long quantity, AdjustmentReason reason) =>
        new(1, new Lot(TestCatalog.Masks(), null, null), quantity, reason, null, "tester", DateTime.UtcNow);

    [Theory]
    [InlineData(AdjustmentReason.Found, 5L)]
    [InlineData(AdjustmentReason.Damaged, -5L)]
    [InlineData(AdjustmentReason.Lost, -5L)]
    [InlineData(AdjustmentReason.Expired, -5L)]
    [InlineData(AdjustmentReason.CountCorrection, 5L)]
    [InlineData(AdjustmentReason.CountCorrection, -5L)]
    public void Accepts_the_sign_its_reason_calls_for(AdjustmentReason reason, long quantity)
    {
        Assert.Equal(quantity, Adjust(quantity, reason).Quantity);
    }

    [Theory]
    [InlineData(AdjustmentReason.Found, -5L)]
    [InlineData(AdjustmentReason.Damaged, 5L)]
    [InlineData(AdjustmentReason.Lost, 5L)]
    [InlineData(AdjustmentReason.Expired, 5L)]
    public void Rejects_the_wrong_sign_for_its_reason(AdjustmentReason reason, long quantity)
    {
        var error = Assert.Throws<DomainValidationException>(() => Adjust(quantity, reason));

        Assert.Equal("quantity", error.Field);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1_000_000_001L)]
    [InlineData(-1_000_000_001L)]
    public void Rejects_a_zero_or_oversized_count_correction(long quantity)
    {
        Assert.Throws<DomainValidationException>(() => Adjust(quantity, AdjustmentReason.CountCorrection));
    }

    [Fact]
    public void Writes_off_expired_stock_as_an_expired_write_off_and_everything_else_as_an_adjustment()
    {
        Assert.Equal(MovementKind.ExpiredWriteOff, Adjust(-1, AdjustmentReason.Expired).MovementKind);
        Assert.Equal(MovementKind.Adjustment, Adjust(-1, AdjustmentReason.Damaged).MovementKind);
        Assert.Equal(MovementKind.Adjustment, Adjust(1, AdjustmentReason.Found).MovementKind);
    }
}
