using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Features.Catalog;

/// <summary>The catalog, by code.</summary>
public sealed record ListItems : IQuery<IReadOnlyList<Item>>;

public sealed class ListItemsHandler(SupplyTrackerDbContext db) : IQueryHandler<ListItems, IReadOnlyList<Item>>
{
    public async ValueTask<IReadOnlyList<Item>> Handle(ListItems query, CancellationToken cancellationToken) =>
        await db.Items.AsNoTracking().OrderBy(i => i.Code).ToListAsync(cancellationToken);
}
