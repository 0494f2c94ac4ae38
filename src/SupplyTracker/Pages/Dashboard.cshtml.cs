using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Requests;
using SupplyTracker.Features.Stock;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Pages;

/// <summary>The warehouse's overview: stock by category and location, expiring lots, reorders, open requests, days of cover.</summary>
[Authorize(Policy = Policies.Read)]
public sealed class DashboardModel(SupplyTrackerDbContext db, StockCover cover, StockLedger ledger) : PageModel
{
    public sealed record ExpiringLot(string ItemCode, string Item, string LotNumber, DateOnly ExpiresOn, string Location, long OnHand, int Days);
    public sealed record Reorder(string Code, string Item, long Available, long ReorderLevel, string Unit);
    public sealed record OpenRequest(int Id, string Station, RequestPriority Priority, RequestStatus Status, DateOnly NeededBy, int Lines);
    public sealed record StationCover(int LocationId, string Station, decimal? Days, string? Item);

    public IReadOnlyList<Location> Locations { get; private set; } = [];
    public IReadOnlyDictionary<(ItemCategory, int), long> StockByCategory { get; private set; } = new Dictionary<(ItemCategory, int), long>();
    public IReadOnlyList<ItemCategory> Categories { get; } = Enum.GetValues<ItemCategory>();
    public IReadOnlyList<ExpiringLot> Expiring { get; private set; } = [];
    public IReadOnlyList<Reorder> BelowReorder { get; private set; } = [];
    public IReadOnlyList<OpenRequest> OpenRequests { get; private set; } = [];
    public IReadOnlyList<StationCover> Cover { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> CoverItems { get; private set; } = [];
    public int? CoverItemId { get; private set; }
    public DateOnly Today => ledger.Today;

    public async Task<IActionResult> OnGetAsync(int? coverItemId, CancellationToken cancellationToken)
    {
        if (User.IsInRole(Roles.Station)) return Redirect("/Station");
        CoverItemId = coverItemId;
        Locations = await db.Locations.AsNoTracking().OrderBy(l => l.Kind != LocationKind.Warehouse).ThenBy(l => l.Code).ToListAsync(cancellationToken);
        var items = await db.Items.AsNoTracking().OrderBy(i => i.Code).ToListAsync(cancellationToken);
        var itemsById = items.ToDictionary(i => i.Id);
        var locationsById = Locations.ToDictionary(l => l.Id);

        var byCategory = await (from b in db.StockBalances
                                join i in db.Items on b.ItemId equals i.Id
                                group b by new { b.LocationId, i.Category } into g
                                select new { g.Key.LocationId, g.Key.Category, OnHand = g.Sum(x => x.QuantityOnHand) })
            .ToListAsync(cancellationToken);
        StockByCategory = byCategory.Where(r => r.OnHand != 0).ToDictionary(r => (r.Category, r.LocationId), r => r.OnHand);

        var horizon = Today.AddDays(90);
        var expiring = await db.StockBalances.AsNoTracking()
            .Where(b => b.QuantityOnHand > 0 && b.Lot.ExpiresOn != null && b.Lot.ExpiresOn <= horizon)
            .OrderBy(b => b.Lot.ExpiresOn).ThenBy(b => b.LocationId)
            .Select(b => new { b.ItemId, b.Lot.LotNumber, ExpiresOn = b.Lot.ExpiresOn!.Value, b.LocationId, b.QuantityOnHand })
            .Take(200).ToListAsync(cancellationToken);
        Expiring = [.. expiring.Select(e => new ExpiringLot(itemsById[e.ItemId].Code, itemsById[e.ItemId].DisplayName(), e.LotNumber, e.ExpiresOn,
            locationsById[e.LocationId].DisplayName(), e.QuantityOnHand, e.ExpiresOn.DayNumber - Today.DayNumber))];

        var available = await cover.AvailableAsync(cancellationToken);
        var warehouses = Locations.Where(l => l.Kind == LocationKind.Warehouse).Select(l => l.Id).ToHashSet();
        BelowReorder = [.. items
            .Select(i => new Reorder(i.Code, i.DisplayName(), available.Where(a => a.Key.ItemId == i.Id && warehouses.Contains(a.Key.LocationId)).Sum(a => a.Value),
                i.ReorderLevel, i.BaseUnit))
            .Where(r => r.Available < r.ReorderLevel)];

        var open = new[] { RequestStatus.Submitted, RequestStatus.Approved, RequestStatus.PartiallyApproved, RequestStatus.Allocated, RequestStatus.Dispatched };
        var requests = await db.AllocationRequests.AsNoTracking().Where(r => open.Contains(r.Status))
            .OrderBy(r => r.Priority).ThenBy(r => r.NeededBy).Take(100)
            .Select(r => new { r.Id, r.RequestingLocationId, r.Priority, r.Status, r.NeededBy, Lines = r.Lines.Count() })
            .ToListAsync(cancellationToken);
        OpenRequests = [.. requests.Select(r => new OpenRequest(r.Id, locationsById[r.RequestingLocationId].DisplayName(), r.Priority, r.Status, r.NeededBy, r.Lines))];

        var needs = await cover.DailyNeedsAsync(cancellationToken);
        CoverItems = [.. items.Where(i => needs.Any(n => n.Key.ItemId == i.Id)).Select(i => (i.Id, $"{i.Code} · {i.DisplayName()}"))];
        // By default the item the stations use most of among those they hold; 0 asks for each station's scarcest item.
        coverItemId ??= needs.GroupBy(n => n.Key.ItemId)
            .OrderByDescending(g => available.Any(a => a.Key.ItemId == g.Key && !warehouses.Contains(a.Key.LocationId) && a.Value > 0))
            .ThenByDescending(g => g.Sum(n => n.Value.Quantity))
            .Select(g => (int?)g.Key).FirstOrDefault();
        CoverItemId = coverItemId;
        if (coverItemId == 0) coverItemId = null;
        Cover = [.. Locations.Where(l => l.Kind != LocationKind.Warehouse).Select(station =>
        {
            var days = items
                .Where(i => coverItemId is null || i.Id == coverItemId)
                .Select(i => (Item: i, Need: needs.GetValueOrDefault((station.Id, i.Id))?.Quantity ?? 0))
                .Where(x => x.Need > 0)
                .Select(x => (x.Item, Days: StockCover.DaysOfCover(available.GetValueOrDefault((station.Id, x.Item.Id)), x.Need)!.Value))
                .OrderBy(x => x.Days).FirstOrDefault();
            return new StationCover(station.Id, station.DisplayName(), days.Item is null ? null : days.Days, days.Item?.DisplayName());
        })];
        return Page();
    }
}
