using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Public;
using SupplyTracker.Features.Requests;
using SupplyTracker.Features.Stock;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Features.Reports;

/// <summary>
/// The warehouse's overview: stock by category and location, expiring lots, reorders, open requests, days of cover.
/// CoverItemId null picks the item the stations use most of among those they hold; 0 asks for each station's scarcest item.
/// </summary>
public sealed record GetDashboard(int? CoverItemId) : IQuery<Dashboard>;

public sealed record Dashboard(
    DateOnly Today,
    IReadOnlyList<Location> Locations,
    IReadOnlyList<DashboardStockRow> Stock,
    IReadOnlyList<DashboardExpiringLot> Expiring,
    IReadOnlyList<DashboardReorder> BelowReorder,
    IReadOnlyList<DashboardOpenRequest> OpenRequests,
    IReadOnlyList<StationCover> Cover,
    IReadOnlyList<(int Id, string Name)> CoverItems,
    int? CoverItemId);

/// <summary>On hand per location for one unit group: a category whose items share a unit (<see cref="Item"/> null), or one item.</summary>
public sealed record DashboardStockRow(ItemCategory Category, string? Item, string Unit, long[] PerLocation);

public sealed record DashboardExpiringLot(string ItemCode, string Item, string LotNumber, DateOnly ExpiresOn, string Location, long OnHand, int Days);
public sealed record DashboardReorder(string Code, string Item, long Available, long ReorderLevel, string Unit);
public sealed record DashboardOpenRequest(int Id, string Number, string Station, RequestPriority Priority, RequestStatus Status, DateOnly NeededBy, int Lines);
public sealed record StationCover(int LocationId, string Station, decimal? Days, string? Item);

public sealed class GetDashboardHandler(SupplyTrackerDbContext db, StockCover cover, StockLedger ledger, LedgerFigures figures) : IQueryHandler<GetDashboard, Dashboard>
{
    public const int ExpiryHorizonDays = 90;

    private static readonly RequestStatus[] Open =
        [RequestStatus.Submitted, RequestStatus.Approved, RequestStatus.PartiallyApproved, RequestStatus.Allocated, RequestStatus.Dispatched];

    public async ValueTask<Dashboard> Handle(GetDashboard query, CancellationToken cancellationToken)
    {
        var today = ledger.Today;
        var locations = await db.Locations.AsNoTracking().OrderBy(l => l.Kind != LocationKind.Warehouse).ThenBy(l => l.Code).ToListAsync(cancellationToken);
        var items = await db.Items.AsNoTracking().OrderBy(i => i.Code).ToListAsync(cancellationToken);
        var itemsById = items.ToDictionary(i => i.Id);
        var locationsById = locations.ToDictionary(l => l.Id);

        // On hand comes from the one ledger read model, summed only within a unit group (no 只 + 瓶 + 盒).
        var snapshot = await figures.LoadAsync(cancellationToken);
        var stock = snapshot.UnitGroups()
            .Select(g => new DashboardStockRow(g.Category, g.Item?.DisplayName(), g.Unit, [.. locations.Select(l => snapshot.Sum(g, l.Id, f => f.OnHand))]))
            .Where(r => r.PerLocation.Any(q => q != 0));

        var horizon = today.AddDays(ExpiryHorizonDays);
        var expiring = await db.StockBalances.AsNoTracking()
            .Where(b => b.QuantityOnHand > 0 && b.Lot.ExpiresOn != null && b.Lot.ExpiresOn <= horizon)
            .OrderBy(b => b.Lot.ExpiresOn).ThenBy(b => b.LocationId)
            .Select(b => new { b.ItemId, b.Lot.LotNumber, ExpiresOn = b.Lot.ExpiresOn!.Value, b.LocationId, b.QuantityOnHand })
            .Take(200).ToListAsync(cancellationToken);

        var available = await cover.AvailableAsync(cancellationToken);
        var warehouses = locations.Where(l => l.Kind == LocationKind.Warehouse).Select(l => l.Id).ToHashSet();
        var belowReorder = items
            .Select(i => new DashboardReorder(i.Code, i.DisplayName(),
                available.Where(a => a.Key.ItemId == i.Id && warehouses.Contains(a.Key.LocationId)).Sum(a => a.Value), i.ReorderLevel, i.BaseUnit))
            .Where(r => r.Available < r.ReorderLevel);

        var requests = await db.AllocationRequests.AsNoTracking().Where(r => Open.Contains(r.Status))
            .OrderBy(r => r.Priority).ThenBy(r => r.NeededBy).Take(100)
            .Select(r => new { r.Id, r.Number, r.RequestingLocationId, r.Priority, r.Status, r.NeededBy, Lines = r.Lines.Count() })
            .ToListAsync(cancellationToken);

        var needs = await cover.DailyNeedsAsync(cancellationToken);
        var coverItems = items.Where(i => needs.Any(n => n.Key.ItemId == i.Id)).Select(i => (i.Id, $"{i.Code} · {i.DisplayName()}"));
        var chosen = query.CoverItemId ?? needs.GroupBy(n => n.Key.ItemId)
            .OrderByDescending(g => available.Any(a => a.Key.ItemId == g.Key && !warehouses.Contains(a.Key.LocationId) && a.Value > 0))
            .ThenByDescending(g => g.Sum(n => n.Value.Quantity))
            .Select(g => (int?)g.Key).FirstOrDefault();
        var coverItemId = chosen == 0 ? null : chosen;
        var stationCover = locations.Where(l => l.Kind != LocationKind.Warehouse).Select(station =>
        {
            var days = items
                .Where(i => coverItemId is null || i.Id == coverItemId)
                .Select(i => (Item: i, Need: needs.GetValueOrDefault((station.Id, i.Id))?.Quantity ?? 0))
                .Where(x => x.Need > 0)
                .Select(x => (x.Item, Days: StockCover.DaysOfCover(available.GetValueOrDefault((station.Id, x.Item.Id)), x.Need)!.Value))
                .OrderBy(x => x.Days).FirstOrDefault();
            return new StationCover(station.Id, station.DisplayName(), days.Item is null ? null : days.Days, days.Item?.DisplayName());
        });

        return new Dashboard(today, locations, [.. stock],
            [.. expiring.Select(e => new DashboardExpiringLot(itemsById[e.ItemId].Code, itemsById[e.ItemId].DisplayName(), e.LotNumber, e.ExpiresOn,
                locationsById[e.LocationId].DisplayName(), e.QuantityOnHand, e.ExpiresOn.DayNumber - today.DayNumber))],
            [.. belowReorder],
            [.. requests.Select(r => new DashboardOpenRequest(r.Id, r.Number, locationsById[r.RequestingLocationId].DisplayName(), r.Priority, r.Status, r.NeededBy, r.Lines))],
            [.. stationCover], [.. coverItems], chosen);
    }
}
