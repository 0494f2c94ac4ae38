using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Features.Stock;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Stock;

/// <summary>Stock stations added that waits for logistics: approve to post it, reject with a reason (<see cref="DecideAdjustment"/>).</summary>
[Authorize(Policy = Policies.Stock)]
public sealed class PendingAdjustmentsModel(IMediator mediator, IStringLocalizer<SharedResource> t) : PageModel
{
    public IReadOnlyList<PendingAdjustmentRow> Rows { get; private set; } = [];

    [BindProperty]
    public string? Reason { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Rows = await mediator.Send(new ListPendingAdjustments(), cancellationToken);

    public Task<IActionResult> OnPostApproveAsync(int id, CancellationToken cancellationToken) =>
        DecideAsync(new DecideAdjustment(id, AdjustmentDecision.Approve, null), "Adjustment approved and posted.", cancellationToken);

    public Task<IActionResult> OnPostRejectAsync(int id, CancellationToken cancellationToken) =>
        DecideAsync(new DecideAdjustment(id, AdjustmentDecision.Reject, Reason), "Adjustment rejected.", cancellationToken);

    private async Task<IActionResult> DecideAsync(DecideAdjustment command, string done, CancellationToken cancellationToken)
    {
        try
        {
            await mediator.Send(command, cancellationToken);
            TempData["Message"] = t[done].Value;
            return Redirect("/Stock/PendingAdjustments");
        }
        catch (Exception e) when (ModelState.TryAddCommandError(e, t, _ => string.Empty))
        {
            Rows = await mediator.Send(new ListPendingAdjustments(), cancellationToken);
            return Page();
        }
    }
}
