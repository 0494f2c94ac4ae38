using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Requests;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Pages.Requests;

[Authorize(Policy = Policies.Read)]
public sealed class IndexModel(SupplyTrackerDbContext db, CallerScope scope) : PageModel
{
    public const int PageSize = 50;

    public sealed record Row(int Id, string Station, RequestPriority Priority, RequestStatus Status, DateOnly NeededBy, DateTime CreatedAt, int Lines, long Requested);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public RequestStatus? Status { get; private set; }
    public int? NextBefore { get; private set; }

    public async Task OnGetAsync(RequestStatus? status, int? before, CancellationToken cancellationToken)
    {
        Status = status;
        var names = (await db.Locations.AsNoTracking().ToListAsync(cancellationToken)).ToDictionary(l => l.Id, l => l.DisplayName());
        var rows = await db.AllocationRequests.AsNoTracking().VisibleTo(scope)
            .Where(r => status == null || r.Status == status)
            .Where(r => before == null || r.Id < before)
            .OrderByDescending(r => r.Id).Take(PageSize + 1)
            .Select(r => new { r.Id, r.RequestingLocationId, r.Priority, r.Status, r.NeededBy, r.CreatedAt, Lines = r.Lines.Count(), Requested = r.Lines.Sum(l => l.QuantityRequested) })
            .ToListAsync(cancellationToken);
        Rows = [.. rows.Take(PageSize).Select(r => new Row(r.Id, names[r.RequestingLocationId], r.Priority, r.Status, r.NeededBy, r.CreatedAt, r.Lines, r.Requested))];
        NextBefore = rows.Count > PageSize ? Rows[^1].Id : null;
    }
}
