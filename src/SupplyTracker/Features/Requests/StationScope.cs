using SupplyTracker.Domain;

namespace SupplyTracker.Features.Requests;

/// <summary>
/// Which station's requests and shipments the current user may see: null means all. Every query root for requests
/// and shipments goes through <see cref="StationScopeExtensions"/>, so narrowing this for Station users is the
/// only change access control needs here.
/// </summary>
public interface IStationScope
{
    int? LocationId { get; }
}

/// <summary>Until roles exist, everyone sees every station.</summary>
public sealed class AllStations : IStationScope
{
    public int? LocationId => null;
}

public static class StationScopeExtensions
{
    public static IQueryable<AllocationRequest> VisibleTo(this IQueryable<AllocationRequest> requests, IStationScope scope) =>
        scope.LocationId is { } station ? requests.Where(r => r.RequestingLocationId == station) : requests;

    public static IQueryable<Shipment> VisibleTo(this IQueryable<Shipment> shipments, IStationScope scope) =>
        scope.LocationId is { } station ? shipments.Where(s => s.ToLocationId == station) : shipments;
}
