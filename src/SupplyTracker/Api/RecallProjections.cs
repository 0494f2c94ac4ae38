using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Alerts;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Api;

/// <summary>Query roots for lots, recalls and alerts, cut by the caller's scope like the others in <see cref="Projections"/>.</summary>
public static class RecallProjections
{
    public static IQueryable<LotDto> LotDtos(this SupplyTrackerDbContext db) => db.Lots.Select(l => new LotDto
    {
        Id = l.Id, ItemId = l.ItemId, LotNumber = l.LotNumber, ExpiresOn = l.ExpiresOn, Manufacturer = l.Manufacturer,
        RegistrationNumber = l.RegistrationNumber, StandardClaimed = l.StandardClaimed, TestReportReference = l.TestReportReference,
    });

    /// <summary>A Station user sees the recalls it was notified of, with its own notice only.</summary>
    public static IQueryable<RecallDto> RecallDtos(this SupplyTrackerDbContext db, CallerContext scope)
    {
        var own = scope.StationLocationId;
        return db.Recalls.Where(r => own == null || r.Notices.Any(n => n.LocationId == own)).Select(r => new RecallDto
        {
            Id = r.Id, ItemId = r.ItemId, LotNumbers = r.Lots.Select(l => l.Lot.LotNumber).ToList(), Reason = r.Reason, Source = r.Source,
            RaisedBy = r.RaisedBy, RaisedAt = r.RaisedAt, Version = r.Version,
            StationsNotified = r.Notices.Count(), StationsConfirmed = r.Notices.Count(n => n.ConfirmedAt != null),
            Notices = r.Notices.Where(n => own == null || n.LocationId == own).Select(n => new RecallNoticeDto
            {
                LocationId = n.LocationId, LocationCode = db.Locations.Where(l => l.Id == n.LocationId).Select(l => l.Code).First(),
                QuantityHeldAtRecall = n.QuantityHeldAtRecall, ConfirmedAt = n.ConfirmedAt, ConfirmedBy = n.ConfirmedBy,
            }).ToList(),
        });
    }

    public static IQueryable<AlertDto> AlertDtos(this SupplyTrackerDbContext db, CallerContext scope) => db.Alerts.VisibleTo(scope).Select(a => new AlertDto
    {
        Id = a.Id, Kind = a.Kind, Audience = a.Audience, LocationId = a.LocationId, ItemId = a.ItemId, LotId = a.LotId, Threshold = a.Threshold,
        DueOn = a.DueOn, AllocationRequestId = a.AllocationRequestId, RecallId = a.RecallId, DedupKey = a.DedupKey, RaisedAt = a.RaisedAt,
        DismissedAt = a.DismissedAt, DismissedBy = a.DismissedBy, MailedAt = a.MailedAt, Version = a.Version,
    });
}
