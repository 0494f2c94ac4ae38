using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Features.Requests;

/// <summary>The CallerScope spelling of <see cref="Features.StationScope"/>, kept only while Pages still inject CallerScope.</summary>
public static class StationScopeExtensions
{
    public static IQueryable<AllocationRequest> VisibleTo(this IQueryable<AllocationRequest> requests, CallerScope scope) =>
        requests.VisibleTo(scope.Caller);

    public static IQueryable<Shipment> VisibleTo(this IQueryable<Shipment> shipments, CallerScope scope) => shipments.VisibleTo(scope.Caller);
}
