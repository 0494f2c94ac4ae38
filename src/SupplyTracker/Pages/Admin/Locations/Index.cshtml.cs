using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupplyTracker.Domain;
using SupplyTracker.Features.Catalog;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Admin.Locations;

[Authorize(Policy = Policies.Catalog)]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<Location> Locations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Locations = [.. (await mediator.Send(new ListLocations(), cancellationToken)).OrderBy(l => l.Code, StringComparer.Ordinal)];
}
