using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Features.Catalog;

/// <summary>Every item as a form offers it, by code.</summary>
public sealed record ListItemOptions : IQuery<IReadOnlyList<ItemOption>>;

/// <summary>An item as a form offers it: found by its code or by its name in any of the three languages.</summary>
public sealed record ItemOption(int Id, string Code, string NameZhHant, string NameZhHans, string NameEn, bool TracksExpiry, string BaseUnit,
    ItemCategory Category)
{
    public string Name => Localized.Name(NameZhHant, NameZhHans, NameEn);

    /// <summary>Every name, so the browser's datalist matches whatever language the user types in.</summary>
    public string Label => string.Join(" · ", new[] { Name, NameZhHant, NameZhHans, NameEn }.Distinct());
}

public sealed class ListItemOptionsHandler(SupplyTrackerDbContext db) : IQueryHandler<ListItemOptions, IReadOnlyList<ItemOption>>
{
    public async ValueTask<IReadOnlyList<ItemOption>> Handle(ListItemOptions query, CancellationToken cancellationToken) =>
        await db.Items.AsNoTracking().OrderBy(i => i.Code)
            .Select(i => new ItemOption(i.Id, i.Code, i.NameZhHant, i.NameZhHans, i.NameEn, i.TracksExpiry, i.BaseUnit, i.Category))
            .ToListAsync(cancellationToken);
}
