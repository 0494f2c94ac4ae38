using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupplyTracker.Domain;
using SupplyTracker.Features.Pledges;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Pledges;

[Authorize(Policy = Policies.Outbox)]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public PledgeState? State { get; set; }

    public IReadOnlyList<PledgeView> Pledges { get; private set; } = [];

    public bool IsWarehouse => User.IsInRole(Roles.Admin) || User.IsInRole(Roles.Logistics);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Pledges = await mediator.Send(new ListPledges(State), cancellationToken);
}
