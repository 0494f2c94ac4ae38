using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Features.Stock;

/// <summary>
/// Stock held in quarantine, lot by lot, with why: the movement that put it there (donation inspection, a station's
/// rejection at delivery, a recall) and its reason. A Station caller sees its own location only. This is what explains
/// "on hand 50, available 0".
/// </summary>
public sealed record ListQuarantinedStock(int? LocationId = null) : IQuery<IReadOnlyList<QuarantinedStock>>;

public sealed record QuarantinedStock(long StockBalanceId, int LocationId, string Location, string ItemCode, string ItemName, string Unit,
    string LotNumber, DateOnly? ExpiresOn, long OnHand, long Quarantined, MovementKind? HeldBy, string? Reason, DateTimeOffset? HeldSinceLocal, int? DonationId,
    string? Note = null);

public sealed class ListQuarantinedStockHandler(SupplyTrackerDbContext db, CallerContext caller, DeploymentTime time)
    : IQueryHandler<ListQuarantinedStock, IReadOnlyList<QuarantinedStock>>
{
    private static readonly MovementKind[] IntoQuarantine = [MovementKind.DonationQuarantined, MovementKind.DeliveryRejected, MovementKind.Recalled];

    public async ValueTask<IReadOnlyList<QuarantinedStock>> Handle(ListQuarantinedStock query, CancellationToken cancellationToken)
    {
        var balances = db.StockBalances.AsNoTracking().VisibleTo(caller).Where(b => b.QuantityQuarantined > 0);
        if (query.LocationId is { } location) balances = balances.Where(b => b.LocationId == location);
        var rows = await balances.Include(b => b.Lot)
            .Join(db.Items, b => b.ItemId, i => i.Id, (b, i) => new { Balance = b, Item = i })
            .Join(db.Locations, x => x.Balance.LocationId, l => l.Id, (x, l) => new { x.Balance, x.Item, Location = l })
            .OrderBy(x => x.Location.Code).ThenBy(x => x.Item.Code).ThenBy(x => x.Balance.Lot.LotNumber)
            .Take(2000)
            .ToListAsync(cancellationToken);
        var keys = rows.Select(r => new { r.Balance.LocationId, r.Balance.LotId }).ToList();
        var lotIds = keys.Select(k => k.LotId).Distinct().ToList();
        var locationIds = keys.Select(k => k.LocationId).Distinct().ToList();
        // The latest movement into quarantine per location and lot says why the stock is held.
        var latest = (await db.StockMovements.AsNoTracking().VisibleTo(caller)
                .Where(m => m.Status == StockStatus.Quarantined && m.Quantity > 0 && IntoQuarantine.Contains(m.Kind)
                    && lotIds.Contains(m.LotId) && locationIds.Contains(m.LocationId))
                .Select(m => new { m.LocationId, m.LotId, m.Kind, m.ReasonCode, m.RecordedAt, m.Sequence, m.ReferenceType, m.ReferenceId })
                .ToListAsync(cancellationToken))
            .GroupBy(m => (m.LocationId, m.LotId))
            .ToDictionary(g => g.Key, g => g.MaxBy(m => m.Sequence)!);
        // What the inspector typed when holding a donation line: kept on the line, not in the ledger.
        var donationIds = latest.Values.Where(m => m.ReferenceType == MovementReference.Donation).Select(m => (int)m.ReferenceId).Distinct().ToList();
        var notes = donationIds.Count == 0 ? []
            : (await db.Donations.AsNoTracking().VisibleTo(caller).Where(d => donationIds.Contains(d.Id))
                    .SelectMany(d => d.Lines).Where(l => l.QuarantineNote != null && l.LotId != null)
                    .Select(l => new { l.DonationId, LotId = l.LotId!.Value, l.QuarantineNote }).ToListAsync(cancellationToken))
                .GroupBy(l => (l.DonationId, l.LotId))
                .ToDictionary(g => g.Key, g => string.Join(" · ", g.Select(l => l.QuarantineNote).Distinct()));
        return [.. rows.Select(r =>
        {
            var why = latest.GetValueOrDefault((r.Balance.LocationId, r.Balance.LotId));
            return new QuarantinedStock(r.Balance.Id, r.Balance.LocationId, r.Location.DisplayName(), r.Item.Code, r.Item.DisplayName(), r.Item.BaseUnit,
                r.Balance.Lot.LotNumber, r.Balance.Lot.ExpiresOn, r.Balance.QuantityOnHand, r.Balance.QuantityQuarantined,
                why?.Kind, why?.ReasonCode, why is null ? null : time.ToLocal(why.RecordedAt),
                why?.ReferenceType == MovementReference.Donation ? (int)why.ReferenceId : null,
                why?.ReferenceType == MovementReference.Donation ? notes.GetValueOrDefault(((int)why.ReferenceId, r.Balance.LotId)) : null);
        })];
    }
}
