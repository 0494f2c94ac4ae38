using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Features.Stock;

/// <summary>Finds the lot an item's lot number names, or registers it the first time it is seen.</summary>
public sealed class LotCatalog(SupplyTrackerDbContext db)
{
    /// <param name="directedToLocationId">The location a donor directed the goods to: their stock is a lot of its own.</param>
    public async Task<Lot> ResolveAsync(Item item, string? lotNumber, DateOnly? expiresOn, CancellationToken cancellationToken,
        int? directedToLocationId = null)
    {
        var number = lotNumber?.Trim() ?? Lot.Unlotted;
        var lot = db.Tracked<Lot>().FirstOrDefault(l => l.ItemId == item.Id && l.LotNumber == number && l.DirectedToLocationId == directedToLocationId)
            ?? await db.Lots.FirstOrDefaultAsync(l => l.ItemId == item.Id && l.LotNumber == number && l.DirectedToLocationId == directedToLocationId, cancellationToken);
        if (lot is not null)
        {
            lot.EnsureSameExpiry(expiresOn);
            return lot;
        }
        lot = new Lot(item, number, expiresOn, directedToLocationId);
        db.Lots.Add(lot);
        return lot;
    }

    /// <summary>An existing lot only: stock can only leave a lot that has been received.</summary>
    /// <param name="directedToLocationId">Names the directed lot of that number; null the undirected one.</param>
    public async Task<Lot> FindAsync(int itemId, string? lotNumber, CancellationToken cancellationToken, int? directedToLocationId = null)
    {
        var number = lotNumber?.Trim() ?? Lot.Unlotted;
        return await db.Lots.Include(l => l.Item)
                .FirstOrDefaultAsync(l => l.ItemId == itemId && l.LotNumber == number && l.DirectedToLocationId == directedToLocationId, cancellationToken)
            ?? throw new NotFoundException("Lot", number.Length == 0 ? $"item {itemId}, unlotted" : $"item {itemId}, lot {number}");
    }
}
