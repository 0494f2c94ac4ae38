using SupplyTracker.Infrastructure;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Donations;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Features.Catalog;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Features.Requests;

/// <summary>
/// Requests searched (number, justification, who), filtered (status, priority, station, item, created in a local date
/// range), sorted and paged. A Station caller sees only its own.
/// </summary>
public sealed record ListRequests(RequestStatus? Status = null, ListWindow? Window = null, int? LocationId = null, RequestPriority? Priority = null,
    int? ItemId = null) : IQuery<RequestList>;

public sealed record RequestList(Paged<RequestRow> Page, IReadOnlyList<ListOption> Stations, IReadOnlyList<ListOption> Items)
{
    public IReadOnlyList<RequestRow> Rows => Page.Rows;
}

/// <summary>A request; what it asks for is per unit, never one sum over different units.</summary>
public sealed record RequestRow(int Id, string Number, string Station, RequestPriority Priority, RequestStatus Status, DateOnly NeededBy, DateTime CreatedAt, int Lines,
    IReadOnlyList<UnitQuantity> Requested);

public sealed class ListRequestsHandler(SupplyTrackerDbContext db, CallerContext scope) : IQueryHandler<ListRequests, RequestList>
{
    private static readonly ListSorts<AllocationRequest> Sorts = new ListSorts<AllocationRequest>()
        .By("id", r => r.Id, defaultDescending: true)
        .By("station", r => r.RequestingLocationId)
        .By("priority", r => r.Priority)
        .By("status", r => r.Status)
        .By("neededBy", r => r.NeededBy)
        .By("created", r => r.CreatedAt)
        .By("lines", r => r.Lines.Count)
        .ThenBy(r => r.Id);

    public async ValueTask<RequestList> Handle(ListRequests query, CancellationToken cancellationToken)
    {
        var window = query.Window ?? new ListWindow();
        var requests = db.AllocationRequests.AsNoTracking().VisibleTo(scope);
        if (query.Status is { } status) requests = requests.Where(r => r.Status == status);
        if (query.Priority is { } priority) requests = requests.Where(r => r.Priority == priority);
        if (query.LocationId is { } location) requests = requests.Where(r => r.RequestingLocationId == location);
        if (query.ItemId is { } item) requests = requests.Where(r => r.Lines.Any(l => l.ItemId == item));
        var zone = scope.Time.Zone;
        if (window.From is { } from)
        {
            var start = TimeZoneInfo.ConvertTimeToUtc(from.ToDateTime(TimeOnly.MinValue), zone);
            requests = requests.Where(r => r.CreatedAt >= start);
        }
        if (window.To is { } to)
        {
            var end = TimeZoneInfo.ConvertTimeToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue), zone);
            requests = requests.Where(r => r.CreatedAt < end);
        }
        if (window.SearchText is { } text)
        {
            var id = int.TryParse(text, out var n) ? n : (int?)null;
            var like = "%" + text.Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal) + "%";
            requests = requests.Where(r => r.Id == id || EF.Functions.Like(r.Number, like) || (r.Justification != null && EF.Functions.Like(r.Justification, like)) || EF.Functions.Like(r.CreatedBy, like));
        }
        var page = await requests.PageAsync(window, Sorts,
            r => new { r.Id, r.Number, r.RequestingLocationId, r.Priority, r.Status, r.NeededBy, r.CreatedAt, Lines = r.Lines.Count() }, cancellationToken);

        var locations = await db.Locations.AsNoTracking().VisibleTo(scope).OrderBy(l => l.Code).ToListAsync(cancellationToken);
        var names = locations.ToDictionary(l => l.Id, l => l.DisplayName());
        var items = await db.Items.AsNoTracking().OrderBy(i => i.Code).ToListAsync(cancellationToken);
        var units = items.ToDictionary(i => i.Id, i => i.BaseUnit);
        var ids = page.Rows.Select(r => r.Id).ToList();
        var lines = (await db.AllocationRequestLines.AsNoTracking().Where(l => ids.Contains(l.AllocationRequestId))
                .Select(l => new { l.AllocationRequestId, l.ItemId, l.QuantityRequested }).ToListAsync(cancellationToken))
            .ToLookup(l => l.AllocationRequestId);
        var rows = page.Rows.Select(r => new RequestRow(r.Id, r.Number, names.GetValueOrDefault(r.RequestingLocationId, ""), r.Priority, r.Status, r.NeededBy, r.CreatedAt,
            r.Lines, [.. lines[r.Id].GroupBy(l => units[l.ItemId]).Select(g => new UnitQuantity(g.Key, g.Sum(l => l.QuantityRequested))).OrderByDescending(q => q.Quantity)]))
            .ToList();
        return new RequestList(page.With(rows), [.. locations.Where(l => l.Kind != LocationKind.Warehouse).Select(l => new ListOption(l.Id, l.DisplayName()))],
            [.. items.Select(i => new ListOption(i.Id, $"{i.Code} · {i.DisplayName()}"))]);
    }
}
