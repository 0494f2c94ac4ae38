using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Admin.Locations;

[Authorize(Policy = Policies.Catalog)]
public sealed class IndexModel(SupplyTrackerDbContext db) : PageModel
{
    public IReadOnlyList<Location> Locations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Locations = await db.Locations.AsNoTracking().OrderBy(l => l.Code).ToListAsync(cancellationToken);
}
