using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Tests.Features.Requests;

/// <summary>Every balance equals its movements and its live reservations, and none is negative.</summary>
public static class LedgerInvariants
{
    public static async Task AssertConsistentAsync(SupplyTrackerDbContext db)
    {
        var balances = await db.StockBalances.AsNoTracking().ToListAsync();
        var movements = await db.StockMovements.AsNoTracking()
            .Select(m => new { m.LocationId, m.LotId, m.Quantity, m.Status }).ToListAsync();
        var reservations = await db.AllocationReservations.AsNoTracking().Where(r => r.ReleasedAt == null)
            .Select(r => new { r.StockBalanceId, r.Quantity }).ToListAsync();
        foreach (var b in balances)
        {
            var own = movements.Where(m => m.LocationId == b.LocationId && m.LotId == b.LotId).ToList();
            Assert.Equal(own.Sum(m => m.Quantity), b.QuantityOnHand);
            Assert.Equal(own.Where(m => m.Status == StockStatus.Quarantined).Sum(m => m.Quantity), b.QuantityQuarantined);
            Assert.Equal(reservations.Where(r => r.StockBalanceId == b.Id).Sum(r => r.Quantity), b.QuantityReserved);
            Assert.True(b.QuantityOnHand >= 0 && b.QuantityReserved >= 0 && b.QuantityQuarantined >= 0, $"Balance {b.Id} is negative.");
            Assert.True(b.QuantityAvailable >= 0, $"Balance {b.Id} has more reserved and quarantined than on hand.");
        }
    }
}
