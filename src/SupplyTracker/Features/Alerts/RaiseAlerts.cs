using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Requests;
using SupplyTracker.Features.Stock;

namespace SupplyTracker.Features.Alerts;

/// <summary>
/// Evaluates the alert rules and raises what is new: lots expiring within 30/60/90 days, warehouse stock below an
/// item's reorder level, a station's days of cover below the threshold, requests waiting too long. Each candidate has
/// a stable key (subject + threshold); a key already raised, open or dismissed, is never raised again.
/// </summary>
public sealed record RaiseAlerts : ICommand<AlertsRaised>;

public sealed record AlertsRaised(int Raised, IReadOnlyList<long> AlertIds);

public sealed class RaiseAlertsHandler(SupplyTrackerDbContext db, StockLedger ledger, StockCover cover, IOptions<AlertOptions> options)
    : ICommandHandler<RaiseAlerts, AlertsRaised>
{
    public async ValueTask<AlertsRaised> Handle(RaiseAlerts command, CancellationToken cancellationToken)
    {
        var candidates = new List<Alert>();
        var o = options.Value;
        var now = ledger.Now;
        var today = ledger.Today;
        var locations = await db.Locations.AsNoTracking().ToDictionaryAsync(l => l.Id, cancellationToken);
        AlertAudience AudienceOf(int locationId) => locations[locationId].Kind == LocationKind.Warehouse ? AlertAudience.Warehouse : AlertAudience.Station;

        var thresholds = o.ExpiryThresholdDays.Where(d => d > 0).ToList();
        if (thresholds.Count > 0)
        {
            var horizon = today.AddDays(thresholds.Max());
            var expiring = await db.StockBalances.AsNoTracking()
                .Where(b => b.QuantityOnHand > 0 && b.Lot.ExpiresOn != null && b.Lot.ExpiresOn >= today && b.Lot.ExpiresOn <= horizon)
                .Select(b => new { b.LocationId, b.ItemId, b.LotId, ExpiresOn = b.Lot.ExpiresOn!.Value }).ToListAsync(cancellationToken);
            foreach (var b in expiring)
            {
                if (Alert.ExpiryThreshold(b.ExpiresOn, today, thresholds) is not { } days) continue;
                var audience = AudienceOf(b.LocationId);
                candidates.Add(new Alert(AlertKind.Expiring, audience, b.LocationId,
                    Alert.KeyFor(AlertKind.Expiring, audience, b.LocationId, $"lot-{b.LotId}", days), now,
                    itemId: b.ItemId, lotId: b.LotId, threshold: days, dueOn: b.ExpiresOn));
            }
        }

        var available = await cover.AvailableAsync(cancellationToken);
        var items = await db.Items.AsNoTracking().ToDictionaryAsync(i => i.Id, cancellationToken);
        foreach (var warehouse in locations.Values.Where(l => l.Kind == LocationKind.Warehouse))
            foreach (var item in items.Values.Where(i => i.ReorderLevel > 0 && available.GetValueOrDefault((warehouse.Id, i.Id)) < i.ReorderLevel))
                candidates.Add(new Alert(AlertKind.BelowReorderLevel, AlertAudience.Warehouse, warehouse.Id,
                    Alert.KeyFor(AlertKind.BelowReorderLevel, AlertAudience.Warehouse, warehouse.Id, $"item-{item.Id}", (int)Math.Min(item.ReorderLevel, int.MaxValue)),
                    now, itemId: item.Id, threshold: (int)Math.Min(item.ReorderLevel, int.MaxValue)));

        if (o.LowCoverDays > 0)
        {
            var needs = await cover.DailyNeedsAsync(cancellationToken);
            foreach (var ((locationId, itemId), need) in needs)
            {
                if (!locations.TryGetValue(locationId, out var station) || station.Kind == LocationKind.Warehouse) continue;
                if (StockCover.DaysOfCover(available.GetValueOrDefault((locationId, itemId)), need.Quantity) is not { } days || days >= o.LowCoverDays) continue;
                // The station can ask for more; logistics can send it.
                foreach (var audience in new[] { AlertAudience.Station, AlertAudience.Warehouse })
                    candidates.Add(new Alert(AlertKind.LowCover, audience, locationId,
                        Alert.KeyFor(AlertKind.LowCover, audience, locationId, $"item-{itemId}", o.LowCoverDays), now, itemId: itemId, threshold: o.LowCoverDays));
            }
        }

        if (o.RequestWaitHours > 0)
        {
            var before = now.AddHours(-o.RequestWaitHours);
            var waiting = await db.AllocationRequests.AsNoTracking()
                .Where(r => r.Status == RequestStatus.Submitted && r.SubmittedAt != null && r.SubmittedAt < before)
                .Select(r => new { r.Id, r.RequestingLocationId }).ToListAsync(cancellationToken);
            foreach (var r in waiting)
                candidates.Add(new Alert(AlertKind.RequestWaiting, AlertAudience.Warehouse, r.RequestingLocationId,
                    Alert.KeyFor(AlertKind.RequestWaiting, AlertAudience.Warehouse, r.RequestingLocationId, $"request-{r.Id}", o.RequestWaitHours), now,
                    allocationRequestId: r.Id, threshold: o.RequestWaitHours));
        }

        var keys = candidates.Select(c => c.DedupKey).Distinct().ToList();
        var known = new HashSet<string>();
        foreach (var chunk in keys.Chunk(500))
            known.UnionWith(await db.Alerts.Where(a => chunk.Contains(a.DedupKey)).Select(a => a.DedupKey).ToListAsync(cancellationToken));
        var fresh = candidates.Where(c => known.Add(c.DedupKey)).ToList();
        db.Alerts.AddRange(fresh);
        await db.SaveChangesAsync(cancellationToken);
        return new AlertsRaised(fresh.Count, [.. fresh.Select(a => a.Id)]);
    }
}
