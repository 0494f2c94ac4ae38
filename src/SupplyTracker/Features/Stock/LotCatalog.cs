using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Features.Stock;

/// <summary>Finds the lot an item's lot number names, or registers it the first time it is seen.</summary>
public sealed class LotCatalog(SupplyTrackerDbContext db)
{
    public async Task<Lot> ResolveAsync(Item item, string? lotNumber, DateOnly? expiresOn, CancellationToken cancellationToken)
    {
        var number = lotNumber?.Trim() ?? Lot.Unlotted;
        var lot = db.Lots.Local.FirstOrDefault(l => l.ItemId == item.Id && l.LotNumber == number)
            ?? await db.Lots.FirstOrDefaultAsync(l => l.ItemId == item.Id && l.LotNumber == number, cancellationToken);
        if (lot is not null)
        {
            lot.EnsureSameExpiry(expiresOn);
            return lot;
        }
        lot = new Lot(item, number, expiresOn);
        db.Lots.Add(lot);
        return lot;
    }

    /// <summary>An existing lot only: stock can only leave a lot that has been received.</summary>
    public async Task<Lot> FindAsync(int itemId, string? lotNumber, CancellationToken cancellationToken)
    {
        var number = lotNumber?.Trim() ?? Lot.Unlotted;
        return await db.Lots.Include(l => l.Item).FirstOrDefaultAsync(l => l.ItemId == itemId && l.LotNumber == number, cancellationToken)
            ?? throw new NotFoundException("Lot", number.Length == 0 ? $"item {itemId}, unlotted" : $"item {itemId}, lot {number}");
    }
}
