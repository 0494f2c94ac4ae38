using Microsoft.EntityFrameworkCore;
using SupplyTracker.Domain;
using SupplyTracker.Features.Stock;

namespace SupplyTracker.Tests.Support;

/// <summary>Putting stock in place and reading the ledger back.</summary>
public static class Stock
{
    /// <summary>Brings stock in through a Found adjustment, the shortest path through the real ledger.</summary>
    public static Task<StockAdjusted> FoundAsync(this SupplyTrackerApp app, Location location, Item item, long quantity,
        string? lotNumber = null, DateOnly? expiresOn = null) =>
        app.SendAsync(new AdjustStock(location.Id, item.Id, lotNumber, expiresOn, quantity, AdjustmentReason.Found, null));

    public static Task<StockBalance> BalanceAsync(this SupplyTrackerApp app, Location location, Item item, string? lotNumber = null) =>
        app.QueryAsync(db => db.StockBalances.AsNoTracking().Include(b => b.Lot)
            .SingleAsync(b => b.LocationId == location.Id && b.ItemId == item.Id && b.Lot.LotNumber == (lotNumber ?? Lot.Unlotted)));

    public static Task<List<StockMovement>> MovementsAsync(this SupplyTrackerApp app, Item item) =>
        app.QueryAsync(db => db.StockMovements.AsNoTracking().Include(m => m.Lot)
            .Where(m => m.ItemId == item.Id).OrderBy(m => m.Id).ToListAsync());

    /// <summary>No balance is negative and every balance is exactly the sum of its movements, on hand and in quarantine.</summary>
    public static async Task AssertLedgerConsistentAsync(this TestApp app)
    {
        var balances = await app.QueryAsync(db => db.StockBalances.AsNoTracking().ToListAsync());
        var movements = await app.QueryAsync(db => db.StockMovements.AsNoTracking().ToListAsync());
        var sums = movements
            .GroupBy(m => (m.LocationId, m.LotId))
            .ToDictionary(g => g.Key, g => (OnHand: g.Sum(m => m.Quantity),
                Quarantined: g.Where(m => m.Status == StockStatus.Quarantined).Sum(m => m.Quantity)));

        foreach (var balance in balances)
        {
            Assert.True(balance.QuantityOnHand >= 0, $"Balance {balance.Id} has {balance.QuantityOnHand} on hand.");
            Assert.True(balance.QuantityQuarantined >= 0, $"Balance {balance.Id} has {balance.QuantityQuarantined} in quarantine.");
            Assert.True(balance.QuantityAvailable >= 0, $"Balance {balance.Id} has {balance.QuantityAvailable} available.");
            var sum = sums.GetValueOrDefault((balance.LocationId, balance.LotId));
            Assert.Equal(sum.OnHand, balance.QuantityOnHand);
            Assert.Equal(sum.Quarantined, balance.QuantityQuarantined);
        }
        var withoutBalance = sums.Keys.Except(balances.Select(b => (b.LocationId, b.LotId)));
        Assert.Empty(withoutBalance);
    }
}
