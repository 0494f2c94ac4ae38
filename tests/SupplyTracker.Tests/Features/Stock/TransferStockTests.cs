using Microsoft.EntityFrameworkCore;
using SupplyTracker.Domain;
using SupplyTracker.Features.Stock;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Features.Stock;

[Trait("Database", "true")]
public sealed class TransferStockTests(SupplyTrackerApp app) : IClassFixture<SupplyTrackerApp>
{
    private static readonly DateOnly Today = SupplyTrackerApp.Today;

    private async Task<(Location Warehouse, Location Checkpoint, Item Masks)> StockedAsync(long quantity)
    {
        var warehouse = await app.CreateLocationAsync();
        var checkpoint = await app.CreateLocationAsync(LocationKind.Checkpoint);
        var masks = await app.CreateItemAsync();
        await app.FoundAsync(warehouse, masks, quantity, "YY20191203");
        return (warehouse, checkpoint, masks);
    }

    [Fact]
    public async Task Moves_stock_of_one_lot_with_an_out_and_an_in_movement()
    {
        var (warehouse, checkpoint, masks) = await StockedAsync(5000);

        var transferred = await app.SendAsync(new TransferStock(warehouse.Id, checkpoint.Id, masks.Id, "YY20191203", 1500, "和平檢查站一級查控勤務"));

        var movements = await app.MovementsAsync(masks);
        var @out = Assert.Single(movements, m => m.Id == transferred.OutMovementId);
        var @in = Assert.Single(movements, m => m.Id == transferred.InMovementId);
        Assert.Equal((warehouse.Id, -1500L, MovementKind.TransferOut), (@out.LocationId, @out.Quantity, @out.Kind));
        Assert.Equal((checkpoint.Id, 1500L, MovementKind.TransferIn), (@in.LocationId, @in.Quantity, @in.Kind));
        Assert.All([@out, @in], m => Assert.Equal((MovementReference.Transfer, (long)transferred.TransferId), (m.ReferenceType, m.ReferenceId)));
        Assert.Equal(3500, (await app.BalanceAsync(warehouse, masks, "YY20191203")).QuantityAvailable);
        Assert.Equal(1500, (await app.BalanceAsync(checkpoint, masks, "YY20191203")).QuantityAvailable);
        var transfer = await app.QueryAsync(db => db.Transfers.AsNoTracking().SingleAsync(t => t.Id == transferred.TransferId));
        Assert.Equal(1500, transfer.Quantity);
        await app.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task A_transfer_larger_than_available_fails_half_way_and_leaves_no_partial_rows()
    {
        var (warehouse, checkpoint, masks) = await StockedAsync(100);

        var error = await app.AssertRefusedWritingNothingAsync<DomainRuleException>(() =>
            app.SendAsync(new TransferStock(warehouse.Id, checkpoint.Id, masks.Id, "YY20191203", 101, null)));

        Assert.Equal("quantity", error.Field);
        Assert.Equal(100, (await app.BalanceAsync(warehouse, masks, "YY20191203")).QuantityAvailable);
        Assert.Equal(0, await app.QueryAsync(db => db.StockBalances.CountAsync(b => b.LocationId == checkpoint.Id)));
    }

    [Fact]
    public async Task Needs_two_different_locations()
    {
        var (warehouse, _, masks) = await StockedAsync(100);

        await app.AssertInvalidAsync(new TransferStock(warehouse.Id, warehouse.Id, masks.Id, "YY20191203", 1, null), "ToLocationId");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1.5")]
    [InlineData("-1")]
    [InlineData("10000000000")]
    public async Task Moves_only_a_positive_whole_quantity(string quantity)
    {
        var (warehouse, checkpoint, masks) = await StockedAsync(100);

        await app.AssertInvalidAsync(new TransferStock(warehouse.Id, checkpoint.Id, masks.Id, "YY20191203",
            decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture), null), "Quantity");
    }

    [Fact]
    public async Task Rejects_an_unknown_item_or_location()
    {
        var (warehouse, checkpoint, masks) = await StockedAsync(100);

        await app.AssertInvalidAsync(new TransferStock(warehouse.Id, checkpoint.Id, 999_999, null, 1, null), "ItemId");
        await app.AssertInvalidAsync(new TransferStock(999_999, checkpoint.Id, masks.Id, null, 1, null), "FromLocationId");
        await app.AssertInvalidAsync(new TransferStock(warehouse.Id, 999_999, masks.Id, null, 1, null), "ToLocationId");
    }

    [Fact]
    public async Task Cannot_move_a_lot_the_source_never_received()
    {
        var (warehouse, checkpoint, masks) = await StockedAsync(100);

        await app.AssertRefusedWritingNothingAsync<NotFoundException>(() =>
            app.SendAsync(new TransferStock(warehouse.Id, checkpoint.Id, masks.Id, "NO-SUCH-LOT", 1, null)));
    }

    [Fact]
    public async Task Expired_stock_may_go_back_to_a_warehouse_but_never_to_the_front_line()
    {
        var station = await app.CreateLocationAsync(LocationKind.PoliceStation);
        var checkpoint = await app.CreateLocationAsync(LocationKind.Checkpoint);
        var warehouse = await app.CreateLocationAsync();
        var medicine = await app.CreateItemAsync(tracksExpiry: true);
        await app.PostDirectAsync(station, medicine, 10, "OLD", Today.AddDays(-1));

        await app.AssertRefusedWritingNothingAsync<DomainRuleException>(() =>
            app.SendAsync(new TransferStock(station.Id, checkpoint.Id, medicine.Id, "OLD", 10, null)));
        await app.SendAsync(new TransferStock(station.Id, warehouse.Id, medicine.Id, "OLD", 10, "退回倉庫銷毀"));

        Assert.Equal(10, (await app.BalanceAsync(warehouse, medicine, "OLD")).QuantityOnHand);
        await app.AssertLedgerConsistentAsync();
    }
}
