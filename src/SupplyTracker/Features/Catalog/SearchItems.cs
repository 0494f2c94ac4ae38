using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Features.Catalog;

/// <summary>The catalogue searched (code, names in every language, standard), filtered (category), sorted and paged.</summary>
public sealed record SearchItems(ListWindow Window, ItemCategory? Category = null) : IQuery<Paged<Item>>;

public sealed class SearchItemsHandler(SupplyTrackerDbContext db) : IQueryHandler<SearchItems, Paged<Item>>
{
    private static readonly ListSorts<Item> Sorts = new ListSorts<Item>()
        .By("code", i => i.Code)
        .By("nameZhHant", i => i.NameZhHant)
        .By("nameZhHans", i => i.NameZhHans)
        .By("nameEn", i => i.NameEn)
        .By("category", i => i.Category)
        .By("unit", i => i.BaseUnit)
        .By("packSize", i => i.PackSize)
        .By("standard", i => i.ProductStandard)
        .By("expiry", i => i.TracksExpiry)
        .By("reorder", i => i.ReorderLevel)
        .ThenBy(i => i.Id);

    public async ValueTask<Paged<Item>> Handle(SearchItems query, CancellationToken cancellationToken)
    {
        var items = db.Items.AsNoTracking();
        if (query.Window.SearchText is { } text)
        {
            var like = ListSearch.Like(text);
            items = items.Where(i => EF.Functions.Like(i.Code, like) || EF.Functions.Like(i.NameZhHant, like) || EF.Functions.Like(i.NameZhHans, like)
                || EF.Functions.Like(i.NameEn, like) || (i.ProductStandard != null && EF.Functions.Like(i.ProductStandard, like)));
        }
        if (query.Category is { } category) items = items.Where(i => i.Category == category);
        return await items.PageAsync(query.Window, Sorts, i => i, cancellationToken);
    }
}
