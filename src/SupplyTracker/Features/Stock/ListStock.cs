using SupplyTracker.Infrastructure;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Features.Stock;

/// <summary>Stock balances per location × item × lot, filtered and paged (OFFSET over the primary key). A Station caller sees only its own location.</summary>
public sealed record ListStock(int? LocationId = null, int? ItemId = null, string? Lot = null, bool IncludeEmpty = false, int PageNumber = 1) : IQuery<StockList>
{
    public const int PageSize = 50;
}

public sealed record StockList(StockListFilter Filter, IReadOnlyList<StockRow> Rows, int PageNumber, bool HasNext);

public sealed record StockRow(int LocationId, string Location, int ItemId, string Code, string Item, string Unit, string LotNumber, DateOnly? ExpiresOn,
    long OnHand, long Reserved, long Quarantined, long Available, string? DirectedTo = null);

public sealed class ListStockHandler(SupplyTrackerDbContext db, CallerContext scope) : IQueryHandler<ListStock, StockList>
{
    public async ValueTask<StockList> Handle(ListStock query, CancellationToken cancellationToken)
    {
        var filter = await StockListFilter.LoadAsync(db, scope, query.LocationId, query.ItemId, query.Lot, cancellationToken);
        var pageNumber = Math.Max(1, query.PageNumber);
        var balances = db.StockBalances.AsNoTracking().VisibleTo(scope);
        if (filter.LocationId is { } l) balances = balances.Where(b => b.LocationId == l);
        if (filter.ItemId is { } i) balances = balances.Where(b => b.ItemId == i);
        if (!string.IsNullOrWhiteSpace(query.Lot))
        {
            var lot = query.Lot.Trim();
            balances = balances.Where(b => b.Lot.LotNumber == lot);
        }
        if (!query.IncludeEmpty) balances = balances.Where(b => b.QuantityOnHand != 0);
        var rows = await balances.OrderBy(b => b.Id).Skip((pageNumber - 1) * ListStock.PageSize).Take(ListStock.PageSize + 1)
            .Select(b => new { b.LocationId, b.ItemId, b.Lot.LotNumber, b.Lot.ExpiresOn, b.Lot.DirectedToLocationId, b.QuantityOnHand, b.QuantityReserved, b.QuantityQuarantined })
            .ToListAsync(cancellationToken);
        // Directed stock names the location its donor directed it to, which a station's own filter may not list.
        var directedIds = rows.Where(r => r.DirectedToLocationId is not null).Select(r => r.DirectedToLocationId!.Value).Distinct().ToList();
        var directedTo = directedIds.Count == 0 ? []
            : await db.Locations.AsNoTracking().Where(l => directedIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, cancellationToken);
        return new StockList(filter, [.. rows.Take(ListStock.PageSize).Select(b =>
        {
            var item = filter.ItemsById[b.ItemId];
            return new StockRow(b.LocationId, filter.LocationsById[b.LocationId].DisplayName(), b.ItemId, item.Code, item.DisplayName(), item.BaseUnit, b.LotNumber,
                b.ExpiresOn, b.QuantityOnHand, b.QuantityReserved, b.QuantityQuarantined, b.QuantityOnHand - b.QuantityReserved - b.QuantityQuarantined,
                b.DirectedToLocationId is { } d ? directedTo[d].DisplayName() : null);
        })], pageNumber, rows.Count > ListStock.PageSize);
    }
}
