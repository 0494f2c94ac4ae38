using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Requests;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Pages.Station;

/// <summary>A station's own stock, days of cover and requests. Station users see only their own; others pick a station.</summary>
[Authorize(Policy = Policies.Read)]
public sealed class IndexModel(SupplyTrackerDbContext db, IMediator mediator, CallerScope scope) : PageModel
{
    public sealed record StockRow(string Code, string Item, string Unit, string LotNumber, DateOnly? ExpiresOn, long OnHand, long Available, long Quarantined);
    public sealed record CoverRow(string Code, string Item, string Unit, long Available, decimal DailyNeed, NeedBasis Basis, decimal? Days);
    public sealed record RequestRow(int Id, RequestStatus Status, RequestPriority Priority, DateOnly NeededBy, DateTime CreatedAt);

    public Location? Location { get; private set; }
    public IReadOnlyList<(int Id, string Name)> Stations { get; private set; } = [];
    public IReadOnlyList<StockRow> Stock { get; private set; } = [];
    public IReadOnlyList<CoverRow> Cover { get; private set; } = [];
    public IReadOnlyList<RequestRow> Requests { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int? locationId, CancellationToken cancellationToken)
    {
        var id = scope.StationLocationId ?? locationId;
        Stations = [.. (await db.Locations.AsNoTracking().Where(l => l.Kind != LocationKind.Warehouse).OrderBy(l => l.Code).ToListAsync(cancellationToken))
            .Select(l => (l.Id, l.DisplayName()))];
        if (id is null) return Page();
        Location = await db.Locations.AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (Location is null) return NotFound();

        var items = await db.Items.AsNoTracking().ToDictionaryAsync(i => i.Id, cancellationToken);
        var balances = await db.StockBalances.AsNoTracking().Where(b => b.LocationId == id && b.QuantityOnHand > 0)
            .Select(b => new { b.ItemId, b.Lot.LotNumber, b.Lot.ExpiresOn, b.QuantityOnHand, b.QuantityReserved, b.QuantityQuarantined })
            .ToListAsync(cancellationToken);
        Stock = [.. balances.Select(b => new StockRow(items[b.ItemId].Code, items[b.ItemId].DisplayName(), items[b.ItemId].BaseUnit, b.LotNumber, b.ExpiresOn,
                b.QuantityOnHand, b.QuantityOnHand - b.QuantityReserved - b.QuantityQuarantined, b.QuantityQuarantined))
            .OrderBy(r => r.Code).ThenBy(r => r.ExpiresOn)];

        var cover = await mediator.Send(new GetDaysOfCover(id.Value), cancellationToken);
        Cover = [.. cover.Select(c => new CoverRow(c.ItemCode, items[c.ItemId].DisplayName(), items[c.ItemId].BaseUnit, c.QuantityAvailable, c.DailyNeed, c.NeedBasis, c.DaysOfCover))
            .OrderBy(c => c.Days ?? decimal.MaxValue)];

        Requests = await db.AllocationRequests.AsNoTracking().VisibleTo(scope).Where(r => r.RequestingLocationId == id)
            .OrderByDescending(r => r.Id).Take(20)
            .Select(r => new RequestRow(r.Id, r.Status, r.Priority, r.NeededBy, r.CreatedAt))
            .ToListAsync(cancellationToken);
        return Page();
    }
}
