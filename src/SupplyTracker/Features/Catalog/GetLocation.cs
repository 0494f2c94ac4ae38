using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Features.Catalog;

/// <summary>One location as its edit form loads it, or null.</summary>
public sealed record GetLocation(int Id) : IQuery<Location?>;

public sealed class GetLocationHandler(SupplyTrackerDbContext db) : IQueryHandler<GetLocation, Location?>
{
    public async ValueTask<Location?> Handle(GetLocation query, CancellationToken cancellationToken) =>
        await db.Locations.AsNoTracking().FirstOrDefaultAsync(l => l.Id == query.Id, cancellationToken);
}
