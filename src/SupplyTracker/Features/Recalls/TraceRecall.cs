using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Features.Recalls;

/// <summary>
/// Where the recalled lots went, derived from the ledger alone: per location, what arrived there (donation intake,
/// transfers in, deliveries), when, how much was consumed there, and what is held now (the sum of every movement).
/// A Station caller sees its own row only.
/// </summary>
public sealed record TraceRecall(int RecallId) : IQuery<IReadOnlyList<RecallTraceRow>?>;

public sealed record RecallTraceRow(int LocationId, string LocationCode, string Location, LocationKind Kind, DateTime FirstReceivedAt, DateTime LastReceivedAt,
    long QuantityReceived, long QuantityConsumed, long QuantityHeld, long QuantityQuarantined, bool Notified, DateTime? ConfirmedAt);

public sealed class TraceRecallHandler(SupplyTrackerDbContext db, CallerContext scope) : IQueryHandler<TraceRecall, IReadOnlyList<RecallTraceRow>?>
{
    /// <summary>Movements that bring the lot to a location from outside it (not the quarantine shuffles inside one).</summary>
    public static readonly MovementKind[] Arrivals =
        [MovementKind.DonationAccepted, MovementKind.DonationQuarantined, MovementKind.TransferIn, MovementKind.DeliveryAccepted, MovementKind.DeliveryRejected];

    public async ValueTask<IReadOnlyList<RecallTraceRow>?> Handle(TraceRecall query, CancellationToken cancellationToken)
    {
        var recall = await db.Recalls.AsNoTracking().Include(r => r.Lots).Include(r => r.Notices)
            .FirstOrDefaultAsync(r => r.Id == query.RecallId, cancellationToken);
        var own = scope.StationLocationId;
        if (recall is null || (own is { } station && recall.Notices.All(n => n.LocationId != station))) return null;
        var lotIds = recall.Lots.Select(l => l.LotId).ToList();

        var movements = await db.StockMovements.AsNoTracking().Where(m => lotIds.Contains(m.LotId) && (own == null || m.LocationId == own))
            .Select(m => new { m.LocationId, m.Kind, m.Quantity, m.Status, m.RecordedAt }).ToListAsync(cancellationToken);
        var locations = await db.Locations.AsNoTracking().ToDictionaryAsync(l => l.Id, cancellationToken);
        return [.. movements.GroupBy(m => m.LocationId)
            .Where(g => g.Any(m => Arrivals.Contains(m.Kind) && m.Quantity > 0))
            .Select(g =>
            {
                var arrivals = g.Where(m => Arrivals.Contains(m.Kind) && m.Quantity > 0).ToList();
                var location = locations[g.Key];
                var notice = recall.Notices.FirstOrDefault(n => n.LocationId == g.Key);
                return new RecallTraceRow(g.Key, location.Code, Infrastructure.Localization.Localized.DisplayName(location), location.Kind,
                    arrivals.Min(m => m.RecordedAt), arrivals.Max(m => m.RecordedAt), arrivals.Sum(m => m.Quantity),
                    -g.Where(m => m.Kind == MovementKind.Consumption).Sum(m => m.Quantity), g.Sum(m => m.Quantity),
                    g.Where(m => m.Status == StockStatus.Quarantined).Sum(m => m.Quantity), notice is not null, notice?.ConfirmedAt);
            })
            .OrderBy(r => r.Kind != LocationKind.Warehouse).ThenBy(r => r.LocationCode)];
    }
}
