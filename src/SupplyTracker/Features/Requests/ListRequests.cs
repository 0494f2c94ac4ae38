using SupplyTracker.Infrastructure;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Features.Requests;

/// <summary>Requests newest first, optionally of one status, keyset-paged on the id. A Station caller sees only its own.</summary>
public sealed record ListRequests(RequestStatus? Status = null, int? Before = null) : IQuery<RequestList>
{
    public const int PageSize = 50;
}

public sealed record RequestList(IReadOnlyList<RequestRow> Rows, int? NextBefore);

public sealed record RequestRow(int Id, string Station, RequestPriority Priority, RequestStatus Status, DateOnly NeededBy, DateTime CreatedAt, int Lines, long Requested);

public sealed class ListRequestsHandler(SupplyTrackerDbContext db, CallerContext scope) : IQueryHandler<ListRequests, RequestList>
{
    public async ValueTask<RequestList> Handle(ListRequests query, CancellationToken cancellationToken)
    {
        var (status, before) = (query.Status, query.Before);
        var names = (await db.Locations.AsNoTracking().ToListAsync(cancellationToken)).ToDictionary(l => l.Id, l => l.DisplayName());
        var rows = await db.AllocationRequests.AsNoTracking().VisibleTo(scope)
            .Where(r => status == null || r.Status == status)
            .Where(r => before == null || r.Id < before)
            .OrderByDescending(r => r.Id).Take(ListRequests.PageSize + 1)
            .Select(r => new { r.Id, r.RequestingLocationId, r.Priority, r.Status, r.NeededBy, r.CreatedAt, Lines = r.Lines.Count(), Requested = r.Lines.Sum(l => l.QuantityRequested) })
            .ToListAsync(cancellationToken);
        var page = rows.Take(ListRequests.PageSize)
            .Select(r => new RequestRow(r.Id, names[r.RequestingLocationId], r.Priority, r.Status, r.NeededBy, r.CreatedAt, r.Lines, r.Requested)).ToList();
        return new RequestList(page, rows.Count > ListRequests.PageSize ? page[^1].Id : null);
    }
}
