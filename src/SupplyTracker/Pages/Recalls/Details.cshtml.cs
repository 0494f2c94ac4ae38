using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupplyTracker.Features.Recalls;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Recalls;

[Authorize(Policy = Policies.Read)]
public sealed class DetailsModel(IMediator mediator) : PageModel
{
    public RecallView Recall { get; private set; } = null!;
    public IReadOnlyList<RecallTraceRow> Trace { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await mediator.Send(new GetRecall(id), cancellationToken) is not { } recall) return NotFound();
        Recall = recall;
        Trace = await mediator.Send(new TraceRecall(id), cancellationToken) ?? [];
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(int id, int locationId, CancellationToken cancellationToken)
    {
        if (!User.IsInRole(Domain.Roles.Admin) && !User.IsInRole(Domain.Roles.Logistics) && !User.IsInRole(Domain.Roles.Station)) return Forbid();
        await mediator.Send(new ConfirmRecallSetAside(id, locationId), cancellationToken);
        return RedirectToPage(new { id });
    }
}
