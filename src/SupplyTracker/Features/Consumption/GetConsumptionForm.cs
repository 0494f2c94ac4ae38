using SupplyTracker.Infrastructure;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Catalog;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Features.Consumption;

/// <summary>
/// What the daily-use form offers: the stations to report for and, for the chosen one, every item it holds with what is
/// available. A Station caller is held to its own station; others default to the first station.
/// </summary>
public sealed record GetConsumptionForm(int? LocationId) : IQuery<ConsumptionForm>;

public sealed record ConsumptionForm(int LocationId, IReadOnlyList<(int Id, string Name)> Stations, IReadOnlyList<ConsumptionItem> Items);

public sealed record ConsumptionItem(int Id, string Code, string Name, string Unit, long Available);

public sealed class GetConsumptionFormHandler(SupplyTrackerDbContext db, CallerContext scope) : IQueryHandler<GetConsumptionForm, ConsumptionForm>
{
    public async ValueTask<ConsumptionForm> Handle(GetConsumptionForm query, CancellationToken cancellationToken)
    {
        var own = scope.StationLocationId;
        var stations = (await db.Locations.AsNoTracking().VisibleTo(scope, LocationKinds.Stations).OrderBy(l => l.Code)
            .ToListAsync(cancellationToken)).Select(l => (l.Id, l.DisplayName())).ToList();
        var location = own ?? query.LocationId ?? 0;
        if (location == 0 && stations.Count > 0) location = stations[0].Item1;
        var held = await db.StockBalances.AsNoTracking().Where(b => b.LocationId == location)
            .GroupBy(b => b.ItemId).Select(g => new { ItemId = g.Key, Available = g.Sum(b => b.QuantityOnHand - b.QuantityReserved - b.QuantityQuarantined) })
            .ToListAsync(cancellationToken);
        var items = await db.Items.AsNoTracking().OrderBy(i => i.Code).ToListAsync(cancellationToken);
        return new ConsumptionForm(location, stations, [.. items.Where(i => held.Any(h => h.ItemId == i.Id))
            .Select(i => new ConsumptionItem(i.Id, i.Code, i.DisplayName(), i.BaseUnit, held.First(h => h.ItemId == i.Id).Available))]);
    }
}
