using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Pages.Stock;

/// <summary>Stock balances per location × item × lot, filtered and paged (OFFSET over the primary key).</summary>
[Authorize(Policy = Policies.Read)]
public sealed class IndexModel(SupplyTrackerDbContext db, CallerScope scope) : PageModel
{
    public const int PageSize = 50;

    public sealed record Row(int LocationId, string Location, int ItemId, string Code, string Item, string Unit, string LotNumber, DateOnly? ExpiresOn,
        long OnHand, long Reserved, long Quarantined, long Available);

    public StockFilter Filter { get; } = new();
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public int PageNumber { get; private set; } = 1;
    public bool HasNext { get; private set; }

    public async Task OnGetAsync(int? locationId, int? itemId, string? lot, bool includeEmpty, int pageNumber = 1, CancellationToken cancellationToken = default)
    {
        await Filter.LoadAsync(db, scope, locationId, itemId, lot, cancellationToken);
        PageNumber = Math.Max(1, pageNumber);
        var query = db.StockBalances.AsNoTracking().AsQueryable();
        if (Filter.LocationId is { } l) query = query.Where(b => b.LocationId == l);
        if (Filter.ItemId is { } i) query = query.Where(b => b.ItemId == i);
        if (!string.IsNullOrWhiteSpace(lot)) query = query.Where(b => b.Lot.LotNumber == lot.Trim());
        if (!includeEmpty) query = query.Where(b => b.QuantityOnHand != 0);
        var rows = await query.OrderBy(b => b.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize + 1)
            .Select(b => new { b.LocationId, b.ItemId, b.Lot.LotNumber, b.Lot.ExpiresOn, b.QuantityOnHand, b.QuantityReserved, b.QuantityQuarantined })
            .ToListAsync(cancellationToken);
        HasNext = rows.Count > PageSize;
        Rows = [.. rows.Take(PageSize).Select(b =>
        {
            var item = Filter.ItemsById[b.ItemId];
            return new Row(b.LocationId, Filter.LocationsById[b.LocationId].DisplayName(), b.ItemId, item.Code, item.DisplayName(), item.BaseUnit, b.LotNumber,
                b.ExpiresOn, b.QuantityOnHand, b.QuantityReserved, b.QuantityQuarantined, b.QuantityOnHand - b.QuantityReserved - b.QuantityQuarantined);
        })];
    }
}

/// <summary>The location / item / lot filter shared by the stock and movement lists; a Station user is held to its own location.</summary>
public sealed class StockFilter
{
    public int? LocationId { get; private set; }
    public int? ItemId { get; private set; }
    public string? Lot { get; private set; }
    public bool LocationFixed { get; private set; }
    public IReadOnlyDictionary<int, Location> LocationsById { get; private set; } = new Dictionary<int, Location>();
    public IReadOnlyDictionary<int, Item> ItemsById { get; private set; } = new Dictionary<int, Item>();

    public async Task LoadAsync(SupplyTrackerDbContext db, CallerScope scope, int? locationId, int? itemId, string? lot, CancellationToken cancellationToken)
    {
        LocationsById = await db.Locations.AsNoTracking().ToDictionaryAsync(l => l.Id, cancellationToken);
        ItemsById = await db.Items.AsNoTracking().ToDictionaryAsync(i => i.Id, cancellationToken);
        LocationFixed = scope.StationLocationId is not null;
        LocationId = scope.StationLocationId ?? locationId;
        ItemId = itemId;
        Lot = lot;
    }

    public string Query(object? extra = null) =>
        string.Join("&", new[] { LocationFixed ? null : LocationId is { } l ? $"locationId={l}" : null, ItemId is { } i ? $"itemId={i}" : null,
            string.IsNullOrWhiteSpace(Lot) ? null : $"lot={Uri.EscapeDataString(Lot)}", extra?.ToString() }.Where(p => p is not null));
}
