using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Donations;

[Authorize(Policy = Policies.Read)]
public sealed class IndexModel(SupplyTrackerDbContext db, CallerScope scope) : PageModel
{
    public const int PageSize = 50;

    public sealed record Row(int Id, DateOnly ReceivedOn, string Donor, string? Reference, int Lines, int Pending, int Quarantined, long Quantity);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>Keyset paging: the id of the last row of the previous page.</summary>
    public int? NextBefore { get; private set; }

    public async Task OnGetAsync(int? before, CancellationToken cancellationToken)
    {
        var station = scope.StationLocationId;
        var rows = await db.Donations.AsNoTracking()
            .Where(d => station == null || d.ReceivingLocationId == station)
            .Where(d => before == null || d.Id < before)
            .OrderByDescending(d => d.Id)
            .Take(PageSize + 1)
            .Select(d => new Row(d.Id, d.ReceivedOn, d.Donor.Name, d.Reference, d.Lines.Count(),
                d.Lines.Count(l => l.Disposition == LineDisposition.Pending), d.Lines.Count(l => l.Disposition == LineDisposition.Quarantined),
                d.Lines.Sum(l => l.Quantity)))
            .ToListAsync(cancellationToken);
        Rows = [.. rows.Take(PageSize)];
        NextBefore = rows.Count > PageSize ? Rows[^1].Id : null;
    }
}
