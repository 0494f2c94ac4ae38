using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Features.Consumption;

/// <summary>
/// Consumption reported, one row per item and report, newest day first: for one station (a Station caller only ever sees
/// its own) or every station, optionally one day or a range of days. The consumption form asks it for "already reported
/// today"; the reports page lists it.
/// </summary>
public sealed record ListConsumptionReports(int? LocationId, DateOnly? From, DateOnly? To, int? ItemId = null, int Take = 500)
    : IQuery<IReadOnlyList<ReportedConsumption>>;

public sealed record ReportedConsumption(int ReportId, int LocationId, string Station, DateOnly ConsumedOn, int ItemId, string ItemCode,
    string ItemName, string Unit, long Quantity, string RecordedBy, DateTimeOffset RecordedAtLocal, string? Note);

public sealed class ListConsumptionReportsHandler(SupplyTrackerDbContext db, CallerContext caller, DeploymentTime time)
    : IQueryHandler<ListConsumptionReports, IReadOnlyList<ReportedConsumption>>
{
    public async ValueTask<IReadOnlyList<ReportedConsumption>> Handle(ListConsumptionReports query, CancellationToken cancellationToken)
    {
        var reports = db.ConsumptionReports.AsNoTracking().VisibleTo(caller);
        if (query.LocationId is { } location) reports = reports.Where(r => r.LocationId == location);
        if (query.From is { } from) reports = reports.Where(r => r.ConsumedOn >= from);
        if (query.To is { } to) reports = reports.Where(r => r.ConsumedOn <= to);
        var rows = await reports
            .SelectMany(r => r.Lines, (r, l) => new { Report = r, Line = l })
            .Where(x => query.ItemId == null || x.Line.ItemId == query.ItemId)
            .Join(db.Items, x => x.Line.ItemId, i => i.Id, (x, i) => new { x.Report, x.Line, Item = i })
            .Join(db.Locations, x => x.Report.LocationId, l => l.Id, (x, l) => new { x.Report, x.Line, x.Item, Location = l })
            .OrderByDescending(x => x.Report.ConsumedOn).ThenByDescending(x => x.Report.Id).ThenBy(x => x.Item.Code)
            .Take(Math.Clamp(query.Take, 1, 5000))
            .ToListAsync(cancellationToken);
        return [.. rows.Select(x => new ReportedConsumption(x.Report.Id, x.Report.LocationId, x.Location.DisplayName(), x.Report.ConsumedOn,
            x.Item.Id, x.Item.Code, x.Item.DisplayName(), x.Item.BaseUnit, x.Line.Quantity, x.Report.RecordedBy, time.ToLocal(x.Report.RecordedAt), x.Report.Note))];
    }
}
