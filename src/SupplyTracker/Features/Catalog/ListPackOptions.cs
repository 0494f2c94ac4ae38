using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Features.Catalog;

/// <summary>Every item's packs, so an intake line can be counted in boxes and cartons.</summary>
public sealed record ListPackOptions : IQuery<IReadOnlyList<PackOption>>;

public sealed record PackOption(int Id, int ItemId, string NameZhHant, string NameZhHans, string NameEn, long Quantity)
{
    public string Name => Localized.Name(NameZhHant, NameZhHans, NameEn);
}

public sealed class ListPackOptionsHandler(SupplyTrackerDbContext db) : IQueryHandler<ListPackOptions, IReadOnlyList<PackOption>>
{
    public async ValueTask<IReadOnlyList<PackOption>> Handle(ListPackOptions query, CancellationToken cancellationToken) =>
        await db.Set<Pack>().AsNoTracking().OrderBy(p => p.ItemId).ThenBy(p => p.Quantity)
            .Select(p => new PackOption(p.Id, p.ItemId, p.NameZhHant, p.NameZhHans, p.NameEn, p.Quantity))
            .ToListAsync(cancellationToken);
}
