using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Features.Alerts;

/// <summary>The caller's alerts: a station's for its own location, logistics' (warehouse audience) for everyone else; open ones unless asked.</summary>
public sealed record ListAlerts(bool IncludeDismissed = false) : IQuery<IReadOnlyList<AlertView>>;

/// <summary>How many open alerts the caller has: the number on the bell.</summary>
public sealed record CountMyAlerts : IQuery<int>;

public sealed record AlertView(long Id, AlertKind Kind, AlertAudience Audience, int LocationId, string Location, string? ItemCode, string? Item,
    string? LotNumber, int? Threshold, DateOnly? DueOn, int? AllocationRequestId, int? RecallId, DateTime RaisedAt, DateTime? DismissedAt, string? DismissedBy,
    string? RequestNumber = null);

public static class AlertScope
{
    /// <summary>What the caller may see: a Station user its own location's station alerts, every other role all of them.</summary>
    public static IQueryable<Alert> VisibleTo(this IQueryable<Alert> alerts, CallerContext scope) =>
        scope.StationLocationId is { } own ? alerts.Where(a => a.Audience == AlertAudience.Station && a.LocationId == own) : alerts;

    /// <summary>What the caller is asked to act on: a station its own, logistics the warehouse audience.</summary>
    public static IQueryable<Alert> For(this IQueryable<Alert> alerts, CallerContext scope) =>
        scope.StationLocationId is null ? alerts.Where(a => a.Audience == AlertAudience.Warehouse) : alerts.VisibleTo(scope);
}

public sealed class ListAlertsHandler(SupplyTrackerDbContext db, CallerContext scope)
    : IQueryHandler<ListAlerts, IReadOnlyList<AlertView>>, IQueryHandler<CountMyAlerts, int>
{
    public const int Limit = 500;

    public async ValueTask<int> Handle(CountMyAlerts query, CancellationToken cancellationToken) =>
        await db.Alerts.For(scope).CountAsync(a => a.DismissedAt == null, cancellationToken);

    public async ValueTask<IReadOnlyList<AlertView>> Handle(ListAlerts query, CancellationToken cancellationToken)
    {
        var alerts = db.Alerts.AsNoTracking().For(scope);
        if (!query.IncludeDismissed) alerts = alerts.Where(a => a.DismissedAt == null);
        var rows = await alerts.OrderByDescending(a => a.RaisedAt).ThenByDescending(a => a.Id).Take(Limit).ToListAsync(cancellationToken);
        return await Describe(db, rows, cancellationToken);
    }

    internal static async Task<IReadOnlyList<AlertView>> Describe(SupplyTrackerDbContext db, IReadOnlyList<Alert> rows, CancellationToken cancellationToken)
    {
        var locationIds = rows.Select(a => a.LocationId).Distinct().ToList();
        var itemIds = rows.Where(a => a.ItemId != null).Select(a => a.ItemId!.Value).Distinct().ToList();
        var lotIds = rows.Where(a => a.LotId != null).Select(a => a.LotId!.Value).Distinct().ToList();
        var locations = await db.Locations.AsNoTracking().Where(l => locationIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, cancellationToken);
        var items = await db.Items.AsNoTracking().Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
        var lots = await db.Lots.AsNoTracking().Where(l => lotIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.LotNumber, cancellationToken);
        var requestIds = rows.Where(a => a.AllocationRequestId != null).Select(a => a.AllocationRequestId!.Value).Distinct().ToList();
        var requests = requestIds.Count == 0 ? []
            : await db.AllocationRequests.AsNoTracking().Where(r => requestIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Number, cancellationToken);
        return [.. rows.Select(a =>
        {
            var item = a.ItemId is { } i ? items.GetValueOrDefault(i) : null;
            return new AlertView(a.Id, a.Kind, a.Audience, a.LocationId, locations[a.LocationId].DisplayName(), item?.Code, item?.DisplayName(),
                a.LotId is { } lot ? lots.GetValueOrDefault(lot) : null, a.Threshold, a.DueOn, a.AllocationRequestId, a.RecallId, a.RaisedAt,
                a.DismissedAt, a.DismissedBy, a.AllocationRequestId is { } r ? requests.GetValueOrDefault(r) : null);
        })];
    }
}
