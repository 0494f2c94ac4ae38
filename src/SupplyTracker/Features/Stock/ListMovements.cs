using SupplyTracker.Infrastructure;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Features.Stock;

/// <summary>
/// The ledger, newest first, with keyset paging on the movement id (Before) so page 2,000 costs what page 1 does.
/// A Station caller sees only its own location's movements.
/// </summary>
public sealed record ListMovements(int? LocationId = null, int? ItemId = null, string? Lot = null, long? Before = null) : IQuery<MovementList>
{
    public const int PageSize = 50;
}

public sealed record MovementList(StockListFilter Filter, IReadOnlyList<MovementRow> Rows, long? NextBefore);

public sealed record MovementRow(long Id, DateTime RecordedAt, MovementKind Kind, int LocationId, int ItemId, string LotNumber, long Quantity, StockStatus Status,
    string? ReasonCode, MovementReference ReferenceType, long ReferenceId, string RecordedBy);

public sealed class ListMovementsHandler(SupplyTrackerDbContext db, CallerContext scope) : IQueryHandler<ListMovements, MovementList>
{
    public async ValueTask<MovementList> Handle(ListMovements query, CancellationToken cancellationToken)
    {
        var filter = await StockListFilter.LoadAsync(db, scope, query.LocationId, query.ItemId, query.Lot, cancellationToken);
        var movements = db.StockMovements.AsNoTracking().AsQueryable();
        if (filter.LocationId is { } l) movements = movements.Where(m => m.LocationId == l);
        if (filter.ItemId is { } i) movements = movements.Where(m => m.ItemId == i);
        if (query.Lot is { } lot && (filter.ItemId is not null || lot.Trim().Length > 0))
        {
            var number = lot.Trim();
            var lotIds = await db.Lots.Where(x => x.LotNumber == number && (filter.ItemId == null || x.ItemId == filter.ItemId)).Select(x => x.Id).ToListAsync(cancellationToken);
            movements = movements.Where(m => lotIds.Contains(m.LotId));
        }
        if (query.Before is { } b) movements = movements.Where(m => m.Id < b);
        var rows = await movements.OrderByDescending(m => m.Id).Take(ListMovements.PageSize + 1)
            .Select(m => new MovementRow(m.Id, m.RecordedAt, m.Kind, m.LocationId, m.ItemId, m.Lot.LotNumber, m.Quantity, m.Status, m.ReasonCode, m.ReferenceType,
                m.ReferenceId, m.RecordedBy))
            .ToListAsync(cancellationToken);
        var page = rows.Take(ListMovements.PageSize).ToList();
        return new MovementList(filter, page, rows.Count > ListMovements.PageSize ? page[^1].Id : null);
    }
}
