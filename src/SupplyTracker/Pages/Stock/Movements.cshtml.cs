using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Stock;

/// <summary>The ledger, newest first, with keyset paging on the movement id so page 2,000 costs what page 1 does.</summary>
[Authorize(Policy = Policies.Read)]
public sealed class MovementsModel(SupplyTrackerDbContext db, CallerScope scope) : PageModel
{
    public const int PageSize = 50;

    public sealed record Row(long Id, DateTime RecordedAt, MovementKind Kind, int LocationId, int ItemId, string LotNumber, long Quantity, StockStatus Status,
        string? ReasonCode, MovementReference ReferenceType, long ReferenceId, string RecordedBy);

    public StockFilter Filter { get; } = new();
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public long? NextBefore { get; private set; }

    public async Task OnGetAsync(int? locationId, int? itemId, string? lot, long? before, CancellationToken cancellationToken)
    {
        await Filter.LoadAsync(db, scope, locationId, itemId, lot, cancellationToken);
        var query = db.StockMovements.AsNoTracking().AsQueryable();
        if (Filter.LocationId is { } l) query = query.Where(m => m.LocationId == l);
        if (Filter.ItemId is { } i) query = query.Where(m => m.ItemId == i);
        if (lot is not null && (Filter.ItemId is not null || lot.Trim().Length > 0))
        {
            var number = lot.Trim();
            var lotIds = await db.Lots.Where(x => x.LotNumber == number && (Filter.ItemId == null || x.ItemId == Filter.ItemId)).Select(x => x.Id).ToListAsync(cancellationToken);
            query = query.Where(m => lotIds.Contains(m.LotId));
        }
        if (before is { } b) query = query.Where(m => m.Id < b);
        var rows = await query.OrderByDescending(m => m.Id).Take(PageSize + 1)
            .Select(m => new Row(m.Id, m.RecordedAt, m.Kind, m.LocationId, m.ItemId, m.Lot.LotNumber, m.Quantity, m.Status, m.ReasonCode, m.ReferenceType,
                m.ReferenceId, m.RecordedBy))
            .ToListAsync(cancellationToken);
        Rows = [.. rows.Take(PageSize)];
        NextBefore = rows.Count > PageSize ? Rows[^1].Id : null;
    }
}
