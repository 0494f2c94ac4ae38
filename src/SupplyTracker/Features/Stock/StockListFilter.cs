using SupplyTracker.Infrastructure;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Catalog;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Features.Stock;

/// <summary>
/// The location / item / lot filter the stock and movement lists apply, with the names they show. A Station caller is
/// held to its own location whatever location it asked for (LocationFixed).
/// </summary>
public sealed record StockListFilter(int? LocationId, int? ItemId, string? Lot, bool LocationFixed,
    IReadOnlyDictionary<int, Location> LocationsById, IReadOnlyDictionary<int, Item> ItemsById)
{
    internal static async Task<StockListFilter> LoadAsync(SupplyTrackerDbContext db, CallerContext scope, int? locationId, int? itemId, string? lot,
        CancellationToken cancellationToken)
    {
        var station = scope.StationLocationId;
        var locations = await db.Locations.AsNoTracking().VisibleTo(scope).ToDictionaryAsync(l => l.Id, cancellationToken);
        var items = await db.Items.AsNoTracking().ToDictionaryAsync(i => i.Id, cancellationToken);
        return new StockListFilter(station ?? locationId, itemId, lot, station is not null, locations, items);
    }
}
