using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Features.Catalog;

/// <summary>One item as its edit form loads it, or null.</summary>
public sealed record GetItem(int Id) : IQuery<Item?>;

public sealed class GetItemHandler(SupplyTrackerDbContext db) : IQueryHandler<GetItem, Item?>
{
    public async ValueTask<Item?> Handle(GetItem query, CancellationToken cancellationToken) =>
        await db.Items.AsNoTracking().FirstOrDefaultAsync(i => i.Id == query.Id, cancellationToken);
}
