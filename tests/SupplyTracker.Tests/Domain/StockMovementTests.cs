using SupplyTracker.Domain;

namespace SupplyTracker.Tests.Domain;

public sealed class StockMovementTests
{
    [Fact]
    public void Reverse_produces_the_opposite_movement()
    {
        var lot = new Lot(TestCatalog.Medicine(), "B1", new DateOnly(2027, 1, 1));
        var movement = new StockMovement(3, lot, 40, StockStatus.Quarantined, MovementKind.DonationQuarantined, MovementReference.Donation, 7,
            "logistics", new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc));
        var at = new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

        var reversal = movement.Reverse("auditor", at);

        Assert.Equal(-40, reversal.Quantity);
        Assert.Equal(movement.LocationId, reversal.LocationId);
        Assert.Same(movement.Lot, reversal.Lot);
        Assert.Equal(movement.Status, reversal.Status);
        Assert.Equal(MovementKind.Reversal, reversal.Kind);
        Assert.Equal(MovementReference.StockMovement, reversal.ReferenceType);
        Assert.Equal(movement.Id, reversal.ReferenceId);
        Assert.Equal(nameof(MovementKind.DonationQuarantined), reversal.ReasonCode);
        Assert.Equal("auditor", reversal.RecordedBy);
        Assert.Equal(at, reversal.RecordedAt);
    }

    [Fact]
    public void Recorded_time_is_kept_to_the_microsecond_that_every_database_stores()
    {
        var lot = new Lot(TestCatalog.Medicine(), "B1", new DateOnly(2027, 1, 1));
        var at = new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc).AddTicks(1_234_567);

        var movement = new StockMovement(3, lot, 40, StockStatus.Usable, MovementKind.Adjustment, MovementReference.StockAdjustment, 7, "logistics", at);

        Assert.Equal(at.AddTicks(-7), movement.RecordedAt);
    }

    [Fact]
    public void A_movement_and_its_reversal_cancel_out_on_the_balance()
    {
        var lot = new Lot(TestCatalog.Masks(), null, null);
        var balance = new StockBalance(1, lot);
        var movement = TestCatalog.Movement(lot, 25);
        balance.Apply(movement);

        balance.Apply(movement.Reverse("auditor", DateTime.UtcNow));

        Assert.Equal(0, balance.QuantityOnHand);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1_000_000_001L)]
    [InlineData(-1_000_000_001L)]
    public void Rejects_a_zero_or_oversized_movement(long quantity)
    {
        var lot = new Lot(TestCatalog.Masks(), null, null);

        Assert.Throws<DomainValidationException>(() => TestCatalog.Movement(lot, quantity));
    }
}
