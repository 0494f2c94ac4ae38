using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Features.Public;

/// <summary>One step of a donor's goods: a first delivery to a station, a move on from one station to another, or a return to a warehouse.</summary>
public sealed record TraceStop(DateOnly On, ArrivalKind Kind, Location From, Location To, Item Item, long Quantity);

/// <summary>Where one donor's goods went, from <see cref="LedgerFigures"/>: the same rule for the verification page, the
/// where-it-went mail and the donor statement. Only lots this donor alone gave are followed: a lot mixed with other
/// donors' goods cannot say whose reached which station, so it is named as not attributable instead.</summary>
public sealed record DonorTraceResult(IReadOnlyList<TraceStop> Stops, IReadOnlyList<int> SharedLotIds)
{
    /// <summary>What reached stations from the warehouse, less returns: a hop between stations is not counted again.</summary>
    public long DeliveredTo(int itemId) => Stops.Where(s => s.Item.Id == itemId && s.Kind != ArrivalKind.MovedOn).Sum(s => s.Kind == ArrivalKind.Returned ? -s.Quantity : s.Quantity);
}

public sealed class DonorTrace(SupplyTrackerDbContext db, LedgerFigures figures)
{
    public async Task<DonorTraceResult> TraceAsync(int donorId, IReadOnlyCollection<int> lotIds, CancellationToken cancellationToken)
    {
        var lots = lotIds.Distinct().ToList();
        var shared = await db.DonationLines.AsNoTracking()
            .Where(l => l.LotId != null && lots.Contains(l.LotId.Value) && l.Donation.DonorId != donorId)
            .Select(l => l.LotId!.Value).Distinct().ToListAsync(cancellationToken);
        var traceable = lots.Except(shared).ToList();
        if (traceable.Count == 0) return new DonorTraceResult([], shared);

        var snapshot = await figures.LoadAsync(traceable, cancellationToken);
        var locations = snapshot.Locations.ToDictionary(l => l.Id);
        var items = snapshot.Items.ToDictionary(i => i.Id);
        var stops = snapshot.Arrivals
            .GroupBy(a => (a.On, a.Kind, a.FromLocationId, a.ToLocationId, a.ItemId))
            .Select(g => new TraceStop(g.Key.On, g.Key.Kind, locations[g.Key.FromLocationId], locations[g.Key.ToLocationId], items[g.Key.ItemId],
                // A return is stored as a negative arrival; the stop shows how much went back. A negative stop is a correction.
                g.Key.Kind == ArrivalKind.Returned ? -g.Sum(a => a.Quantity) : g.Sum(a => a.Quantity)))
            .Where(s => s.Quantity != 0)
            .OrderBy(s => s.On).ThenBy(s => s.Kind).ThenBy(s => s.To.Code, StringComparer.Ordinal).ThenBy(s => s.Item.Code, StringComparer.Ordinal)
            .ToList();
        return new DonorTraceResult(stops, shared);
    }
}
