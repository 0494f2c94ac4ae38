using SupplyTracker.Infrastructure;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Features.Catalog;

public enum LocationKinds
{
    All,
    Warehouses,
    Stations,
}

/// <summary>Locations, warehouses first then by code. A Station caller gets only its own location.</summary>
public sealed record ListLocations(LocationKinds Kinds = LocationKinds.All) : IQuery<IReadOnlyList<Location>>;

public sealed class ListLocationsHandler(SupplyTrackerDbContext db, CallerContext scope) : IQueryHandler<ListLocations, IReadOnlyList<Location>>
{
    public async ValueTask<IReadOnlyList<Location>> Handle(ListLocations query, CancellationToken cancellationToken) =>
        await db.Locations.AsNoTracking().VisibleTo(scope, query.Kinds)
            .OrderBy(l => l.Kind != LocationKind.Warehouse).ThenBy(l => l.Code).ToListAsync(cancellationToken);
}

public static class LocationScopeExtensions
{
    /// <summary>The locations of these kinds the caller may see: a Station caller, only its own.</summary>
    public static IQueryable<Location> VisibleTo(this IQueryable<Location> locations, CallerContext scope, LocationKinds kinds = LocationKinds.All)
    {
        var station = scope.StationLocationId;
        locations = locations.Where(l => station == null || l.Id == station);
        return kinds switch
        {
            LocationKinds.Warehouses => locations.Where(l => l.Kind == LocationKind.Warehouse),
            LocationKinds.Stations => locations.Where(l => l.Kind != LocationKind.Warehouse),
            _ => locations,
        };
    }
}
