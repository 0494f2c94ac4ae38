using SupplyTracker.Infrastructure;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Features.Stock;

/// <summary>
/// Stock balances per location × item × lot: searched (item code or name, lot), filtered (location, item, lot, expiring
/// by the window's To date), sorted and paged. A Station caller sees only its own location.
/// </summary>
public sealed record ListStock(int? LocationId = null, int? ItemId = null, string? Lot = null, bool IncludeEmpty = false, ListWindow? Window = null)
    : IQuery<StockList>;

public sealed record StockList(StockListFilter Filter, Paged<StockRow> Page)
{
    public IReadOnlyList<StockRow> Rows => Page.Rows;
}

public sealed record StockRow(int LocationId, string Location, int ItemId, string Code, string Item, string Unit, string LotNumber, DateOnly? ExpiresOn,
    long OnHand, long Reserved, long Quarantined, long Available, string? DirectedTo = null);

public sealed class ListStockHandler(SupplyTrackerDbContext db, CallerContext scope) : IQueryHandler<ListStock, StockList>
{
    private static readonly ListSorts<StockBalance> Sorts = new ListSorts<StockBalance>()
        .By("location", b => b.LocationId)
        .By("item", b => b.Lot.Item.Code)
        .By("lot", b => b.Lot.LotNumber)
        .By("expires", b => b.Lot.ExpiresOn)
        .By("onHand", b => b.QuantityOnHand)
        .By("reserved", b => b.QuantityReserved)
        .By("quarantined", b => b.QuantityQuarantined)
        .By("available", b => b.QuantityOnHand - b.QuantityReserved - b.QuantityQuarantined)
        .ThenBy(b => b.Id);

    public async ValueTask<StockList> Handle(ListStock query, CancellationToken cancellationToken)
    {
        var window = query.Window ?? new ListWindow();
        var filter = await StockListFilter.LoadAsync(db, scope, query.LocationId, query.ItemId, query.Lot, cancellationToken);
        var balances = db.StockBalances.AsNoTracking().VisibleTo(scope);
        if (filter.LocationId is { } l) balances = balances.Where(b => b.LocationId == l);
        if (filter.ItemId is { } i) balances = balances.Where(b => b.ItemId == i);
        if (!string.IsNullOrWhiteSpace(query.Lot))
        {
            var lot = query.Lot.Trim();
            balances = balances.Where(b => b.Lot.LotNumber == lot);
        }
        if (window.To is { } by) balances = balances.Where(b => b.Lot.ExpiresOn != null && b.Lot.ExpiresOn <= by);
        if (window.SearchText is { } text)
        {
            var like = "%" + text.Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal) + "%";
            balances = balances.Where(b => EF.Functions.Like(b.Lot.Item.Code, like) || EF.Functions.Like(b.Lot.Item.NameZhHant, like)
                || EF.Functions.Like(b.Lot.Item.NameZhHans, like) || EF.Functions.Like(b.Lot.Item.NameEn, like) || EF.Functions.Like(b.Lot.LotNumber, like));
        }
        if (!query.IncludeEmpty) balances = balances.Where(b => b.QuantityOnHand != 0);
        var page = await balances.PageAsync(window, Sorts,
            b => new { b.LocationId, b.ItemId, b.Lot.LotNumber, b.Lot.ExpiresOn, b.Lot.DirectedToLocationId, b.QuantityOnHand, b.QuantityReserved, b.QuantityQuarantined },
            cancellationToken);
        // Directed stock names the location its donor directed it to, which a station's own filter may not list.
        var directedIds = page.Rows.Where(r => r.DirectedToLocationId is not null).Select(r => r.DirectedToLocationId!.Value).Distinct().ToList();
        var directedTo = directedIds.Count == 0 ? []
            : await db.Locations.AsNoTracking().Where(l => directedIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, cancellationToken);
        return new StockList(filter, page.With([.. page.Rows.Select(b =>
        {
            var item = filter.ItemsById[b.ItemId];
            return new StockRow(b.LocationId, filter.LocationsById[b.LocationId].DisplayName(), b.ItemId, item.Code, item.DisplayName(), item.BaseUnit, b.LotNumber,
                b.ExpiresOn, b.QuantityOnHand, b.QuantityReserved, b.QuantityQuarantined, b.QuantityOnHand - b.QuantityReserved - b.QuantityQuarantined,
                b.DirectedToLocationId is { } d ? directedTo[d].DisplayName() : null);
        })]));
    }
}
