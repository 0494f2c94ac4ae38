using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupplyTracker.Features.Alerts;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Alerts;

[Authorize(Policy = Policies.Read)]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<AlertView> Alerts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Alerts = await mediator.Send(new ListAlerts(), cancellationToken);

    public async Task<IActionResult> OnPostDismissAsync(long id, CancellationToken cancellationToken)
    {
        if (!User.IsInRole(Domain.Roles.Admin) && !User.IsInRole(Domain.Roles.Logistics) && !User.IsInRole(Domain.Roles.Station)) return Forbid();
        await mediator.Send(new DismissAlert(id), cancellationToken);
        return RedirectToPage();
    }
}
