using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Admin.Donors;

[Authorize(Policy = Policies.Warehouse)]
public sealed class IndexModel(SupplyTrackerDbContext db) : PageModel
{
    public IReadOnlyList<Donor> Donors { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Donors = await db.Donors.AsNoTracking().OrderBy(d => d.Name).ToListAsync(cancellationToken);
}
