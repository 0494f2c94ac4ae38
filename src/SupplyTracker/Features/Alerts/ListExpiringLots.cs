using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupplyTracker.Data;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Features.Alerts;

/// <summary>
/// Lots held at a location that are expired or expire within the widest alert threshold (90 days by default), soonest
/// first: the warning on a station's own page. A Station caller sees only its own location.
/// </summary>
public sealed record ListExpiringLots(int LocationId) : IQuery<IReadOnlyList<ExpiringLot>>;

public sealed record ExpiringLot(string ItemCode, string Item, string Unit, string LotNumber, DateOnly ExpiresOn, long OnHand, int DaysLeft)
{
    public bool IsExpired => DaysLeft < 0;
}

public sealed class ListExpiringLotsHandler(SupplyTrackerDbContext db, CallerContext caller, IOptions<AlertOptions> options)
    : IQueryHandler<ListExpiringLots, IReadOnlyList<ExpiringLot>>
{
    public async ValueTask<IReadOnlyList<ExpiringLot>> Handle(ListExpiringLots query, CancellationToken cancellationToken)
    {
        var today = caller.Today;
        var horizon = today.AddDays(options.Value.ExpiryThresholdDays.DefaultIfEmpty(0).Max());
        var rows = await db.StockBalances.AsNoTracking().VisibleTo(caller)
            .Where(b => b.LocationId == query.LocationId && b.QuantityOnHand > 0 && b.Lot.ExpiresOn != null && b.Lot.ExpiresOn <= horizon)
            .Select(b => new { b.Lot.Item, b.Lot.LotNumber, ExpiresOn = b.Lot.ExpiresOn!.Value, b.QuantityOnHand })
            .ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.ExpiresOn).ThenBy(r => r.Item.Code)
            .Select(r => new ExpiringLot(r.Item.Code, r.Item.DisplayName(), r.Item.BaseUnit, r.LotNumber, r.ExpiresOn, r.QuantityOnHand,
                r.ExpiresOn.DayNumber - today.DayNumber))];
    }
}
