using Microsoft.EntityFrameworkCore;
using SupplyTracker.Domain;
using SupplyTracker.Features.Stock;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Features.Stock;

[Trait("Database", "true")]
public sealed class AdjustStockTests(SupplyTrackerApp app) : IClassFixture<SupplyTrackerApp>
{
    private static readonly DateOnly Today = SupplyTrackerApp.Today;

    [Theory]
    [InlineData(AdjustmentReason.Found, 7L, MovementKind.Adjustment)]
    [InlineData(AdjustmentReason.Damaged, -7L, MovementKind.Adjustment)]
    [InlineData(AdjustmentReason.Lost, -7L, MovementKind.Adjustment)]
    [InlineData(AdjustmentReason.CountCorrection, 7L, MovementKind.Adjustment)]
    [InlineData(AdjustmentReason.CountCorrection, -7L, MovementKind.Adjustment)]
    public async Task Posts_one_movement_per_adjustment_with_its_reason(AdjustmentReason reason, long quantity, MovementKind kind)
    {
        var location = await app.CreateLocationAsync();
        var item = await app.CreateItemAsync();
        await app.FoundAsync(location, item, 100);

        var adjusted = await app.SendAsync(new AdjustStock(location.Id, item.Id, null, null, quantity, reason, "盤點"));

        var movement = Assert.Single(await app.MovementsAsync(item), m => m.Id == adjusted.MovementId);
        Assert.Equal(quantity, movement.Quantity);
        Assert.Equal(kind, movement.Kind);
        Assert.Equal(reason.ToString(), movement.ReasonCode);
        Assert.Equal(MovementReference.StockAdjustment, movement.ReferenceType);
        Assert.Equal(adjusted.AdjustmentId, movement.ReferenceId);
        var adjustment = await app.QueryAsync(db => db.StockAdjustments.AsNoTracking().SingleAsync(a => a.Id == adjusted.AdjustmentId));
        Assert.Equal(reason, adjustment.Reason);
        Assert.Equal(quantity, adjustment.Quantity);
        Assert.Equal(100 + quantity, (await app.BalanceAsync(location, item)).QuantityAvailable);
        await app.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task Found_stock_may_bring_a_new_lot()
    {
        var location = await app.CreateLocationAsync();
        var medicine = await app.CreateItemAsync(tracksExpiry: true);

        await app.FoundAsync(location, medicine, 12, "NEW-LOT", Today.AddYears(1));

        var balance = await app.BalanceAsync(location, medicine, "NEW-LOT");
        Assert.Equal(12, balance.QuantityAvailable);
        Assert.Equal(Today.AddYears(1), balance.Lot.ExpiresOn);
    }

    [Theory]
    [InlineData(AdjustmentReason.Found, "1.5")]
    [InlineData(AdjustmentReason.CountCorrection, "2.7")]
    [InlineData(AdjustmentReason.Damaged, "-0.5")]
    [InlineData(AdjustmentReason.CountCorrection, "0")]
    [InlineData(AdjustmentReason.Found, "10000000000")]
    [InlineData(AdjustmentReason.Lost, "-10000000000")]
    [InlineData(AdjustmentReason.Found, "-5")]
    [InlineData(AdjustmentReason.Damaged, "5")]
    [InlineData(AdjustmentReason.Lost, "5")]
    [InlineData(AdjustmentReason.Expired, "5")]
    public async Task Rejects_a_quantity_that_is_fractional_out_of_range_or_of_the_wrong_sign(AdjustmentReason reason, string quantity)
    {
        var location = await app.CreateLocationAsync();
        var item = await app.CreateItemAsync();
        await app.FoundAsync(location, item, 100);

        await app.AssertInvalidAsync(new AdjustStock(location.Id, item.Id, null, null,
            decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture), reason, null), "Quantity");
    }

    [Fact]
    public async Task Rejects_an_unknown_item_or_location()
    {
        var location = await app.CreateLocationAsync();
        var item = await app.CreateItemAsync();

        await app.AssertInvalidAsync(new AdjustStock(location.Id, 999_999, null, null, 5, AdjustmentReason.Found, null), "ItemId");
        await app.AssertInvalidAsync(new AdjustStock(999_999, item.Id, null, null, 5, AdjustmentReason.Found, null), "LocationId");
    }

    [Fact]
    public async Task Cannot_remove_more_than_is_available_and_leaves_no_adjustment_behind()
    {
        var location = await app.CreateLocationAsync();
        var item = await app.CreateItemAsync();
        await app.FoundAsync(location, item, 10);

        var error = await app.AssertRefusedWritingNothingAsync<DomainRuleException>(() =>
            app.SendAsync(new AdjustStock(location.Id, item.Id, null, null, -11, AdjustmentReason.Damaged, null)));

        Assert.Equal("quantity", error.Field);
        Assert.Equal(10, (await app.BalanceAsync(location, item)).QuantityOnHand);
    }

    [Fact]
    public async Task Cannot_remove_stock_from_a_lot_never_received()
    {
        var location = await app.CreateLocationAsync();
        var item = await app.CreateItemAsync();

        await app.AssertRefusedWritingNothingAsync<NotFoundException>(() =>
            app.SendAsync(new AdjustStock(location.Id, item.Id, "NEVER", null, -1, AdjustmentReason.Lost, null)));
    }

    [Fact]
    public async Task Cannot_find_stock_that_has_already_expired()
    {
        var location = await app.CreateLocationAsync();
        var medicine = await app.CreateItemAsync(tracksExpiry: true);

        await app.AssertRefusedWritingNothingAsync<DomainRuleException>(() =>
            app.SendAsync(new AdjustStock(location.Id, medicine.Id, "OLD", Today.AddDays(-1), 5, AdjustmentReason.Found, null)));
    }

    [Fact]
    public async Task Cannot_count_quarantined_stock_as_available()
    {
        var location = await app.CreateLocationAsync();
        var medicine = await app.CreateItemAsync(tracksExpiry: true);
        var recorded = await app.RecordAsync(location,
            new SupplyTracker.Features.Donations.RecordDonation.Line(medicine.Id, 20, "Q1", Today.AddYears(1), null));
        await app.SendAsync(new SupplyTracker.Features.Donations.InspectDonation(recorded.DonationId,
            [new(recorded.LineIds[0], SupplyTracker.Features.Donations.LineDecision.Quarantine, null)]));

        await app.AssertRefusedWritingNothingAsync<DomainRuleException>(() =>
            app.SendAsync(new AdjustStock(location.Id, medicine.Id, "Q1", null, -1, AdjustmentReason.Lost, null)));
    }
}
