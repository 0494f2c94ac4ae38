using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Features.Pledges;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Pledges;

[Authorize(Policy = Policies.Outbox)]
public sealed class DetailsModel(IMediator mediator, IStringLocalizer<SharedResource> t) : PageModel
{
    public PledgeView Pledge { get; private set; } = null!;

    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>Set by the review step's button (the no-JavaScript confirmation).</summary>
    [BindProperty]
    public bool Confirmed { get; set; }

    public ReviewPrompt? Review { get; private set; }

    public bool IsWarehouse => User.IsInRole(Domain.Roles.Admin) || User.IsInRole(Domain.Roles.Logistics);

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await mediator.Send(new GetPledge(id), cancellationToken) is not { } pledge) return NotFound();
        Pledge = pledge;
        return Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(int id, CancellationToken cancellationToken)
    {
        if (!IsWarehouse) return Forbid();
        if (await mediator.Send(new GetPledge(id), cancellationToken) is not { } pledge) return NotFound();
        Pledge = pledge;
        if (string.IsNullOrWhiteSpace(Reason))
        {
            ModelState.AddModelError(nameof(Reason), t["Give the reason."]);
            return Page();
        }
        if (!Confirmed)
        {
            Review = new ReviewPrompt(t["Cancel pledge {0}? This cannot be undone.", id], t["Yes, cancel the pledge"], $"/Pledges/Details/{id}");
            return Page();
        }
        try
        {
            await mediator.Send(new CancelPledge(id, Reason), cancellationToken);
        }
        catch (Exception e) when (ModelState.TryAddCommandError(e, t, field => field is "reason" or "Reason" ? nameof(Reason) : ""))
        {
            return Page();
        }
        TempData["Message"] = t["Pledge {0} cancelled.", id].Value;
        return RedirectToPage(new { id });
    }
}
