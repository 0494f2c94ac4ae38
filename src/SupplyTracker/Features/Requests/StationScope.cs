using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Features.Requests;

/// <summary>Every query root for requests and shipments goes through these, so a Station user sees only its own.</summary>
public static class StationScopeExtensions
{
    public static IQueryable<AllocationRequest> VisibleTo(this IQueryable<AllocationRequest> requests, CallerScope scope) =>
        scope.StationLocationId is { } station ? requests.Where(r => r.RequestingLocationId == station) : requests;

    public static IQueryable<Shipment> VisibleTo(this IQueryable<Shipment> shipments, CallerScope scope) =>
        scope.StationLocationId is { } station ? shipments.Where(s => s.ToLocationId == station) : shipments;
}
