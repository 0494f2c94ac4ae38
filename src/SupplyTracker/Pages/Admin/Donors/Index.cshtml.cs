using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupplyTracker.Domain;
using SupplyTracker.Features.Catalog;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Admin.Donors;

[Authorize(Policy = Policies.Warehouse)]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<Donor> Donors { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Donors = await mediator.Send(new ListDonors(), cancellationToken);
}
