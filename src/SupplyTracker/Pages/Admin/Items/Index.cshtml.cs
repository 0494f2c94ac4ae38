using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Admin.Items;

[Authorize(Policy = Policies.Catalog)]
public sealed class IndexModel(SupplyTrackerDbContext db) : PageModel
{
    public IReadOnlyList<Item> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Items = await db.Items.AsNoTracking().OrderBy(i => i.Code).ToListAsync(cancellationToken);
}
