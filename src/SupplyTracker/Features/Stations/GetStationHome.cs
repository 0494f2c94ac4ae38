using SupplyTracker.Infrastructure;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Catalog;
using SupplyTracker.Features.Requests;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Features.Stations;

/// <summary>
/// A station's day, most urgent first: what is short (days of cover), what is arriving (shipments in transit, to confirm
/// on delivery), its latest requests and its stock. A Station caller always gets its own station, whatever it
/// asked for; others get the station they pick (none: just the list to pick from). Null when the station does not exist.
/// </summary>
public sealed record GetStationHome(int? LocationId) : IQuery<StationHome?>;

public sealed record StationHome(IReadOnlyList<(int Id, string Name)> Stations, Location? Location, IReadOnlyList<StationStockRow> Stock,
    IReadOnlyList<StationCoverRow> Cover, IReadOnlyList<StationRequestRow> Requests)
{
    public IReadOnlyList<StationArrivalRow> Arriving { get; init; } = [];

    /// <summary>Fewer days of cover than this is short.</summary>
    public const decimal ShortDays = 7;

    public IReadOnlyList<StationCoverRow> Short => [.. Cover.Where(c => c.Days < ShortDays)];
}

public sealed record StationArrivalRow(int ShipmentId, string Number, int RequestId, DateTime DispatchedAt, int Lines);

public sealed record StationStockRow(string Code, string Item, string Unit, string LotNumber, DateOnly? ExpiresOn, long OnHand, long Available, long Quarantined);
public sealed record StationCoverRow(string Code, string Item, string Unit, long Available, decimal DailyNeed, NeedBasis Basis, decimal? Days);
public sealed record StationRequestRow(int Id, string Number, RequestStatus Status, RequestPriority Priority, DateOnly NeededBy, DateTime CreatedAt);

public sealed class GetStationHomeHandler(SupplyTrackerDbContext db, CallerContext scope, IMediator mediator) : IQueryHandler<GetStationHome, StationHome?>
{
    public const int LatestRequests = 20;

    public async ValueTask<StationHome?> Handle(GetStationHome query, CancellationToken cancellationToken)
    {
        var own = scope.StationLocationId;
        var id = own ?? query.LocationId;
        var stations = (await db.Locations.AsNoTracking().VisibleTo(scope, LocationKinds.Stations).OrderBy(l => l.Code)
            .ToListAsync(cancellationToken)).Select(l => (l.Id, l.DisplayName())).ToList();
        if (id is null) return new StationHome(stations, null, [], [], []);
        var location = await db.Locations.AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (location is null) return null;

        var items = await db.Items.AsNoTracking().ToDictionaryAsync(i => i.Id, cancellationToken);
        var balances = await db.StockBalances.AsNoTracking().VisibleTo(scope).Where(b => b.LocationId == id && b.QuantityOnHand > 0)
            .Select(b => new { b.ItemId, b.Lot.LotNumber, b.Lot.ExpiresOn, b.QuantityOnHand, b.QuantityReserved, b.QuantityQuarantined })
            .ToListAsync(cancellationToken);
        var stock = balances.Select(b => new StationStockRow(items[b.ItemId].Code, items[b.ItemId].DisplayName(), items[b.ItemId].BaseUnit, b.LotNumber, b.ExpiresOn,
                b.QuantityOnHand, b.QuantityOnHand - b.QuantityReserved - b.QuantityQuarantined, b.QuantityQuarantined))
            .OrderBy(r => r.Code).ThenBy(r => r.ExpiresOn);

        var cover = (await mediator.Send(new GetDaysOfCover(id.Value), cancellationToken))
            .Select(c => new StationCoverRow(c.ItemCode, items[c.ItemId].DisplayName(), items[c.ItemId].BaseUnit, c.QuantityAvailable, c.DailyNeed, c.NeedBasis, c.DaysOfCover))
            .OrderBy(c => c.Days ?? decimal.MaxValue);

        var requests = await db.AllocationRequests.AsNoTracking().VisibleTo(scope).Where(r => r.RequestingLocationId == id)
            .OrderByDescending(r => r.Id).Take(LatestRequests)
            .Select(r => new StationRequestRow(r.Id, r.Number, r.Status, r.Priority, r.NeededBy, r.CreatedAt))
            .ToListAsync(cancellationToken);
        var arriving = await db.Shipments.AsNoTracking().VisibleTo(scope).Where(s => s.ToLocationId == id && s.Status == ShipmentStatus.InTransit)
            .OrderBy(s => s.DispatchedAt)
            .Select(s => new StationArrivalRow(s.Id, s.Number, s.AllocationRequestId, s.DispatchedAt, s.Lines.Count()))
            .ToListAsync(cancellationToken);
        return new StationHome(stations, location, [.. stock], [.. cover], requests) { Arriving = arriving };
    }
}
