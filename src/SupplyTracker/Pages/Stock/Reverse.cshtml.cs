using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Features.Stock;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Stock;

/// <summary>The confirmation step before a reversal: what will be undone, and why (<see cref="ReverseMovement"/>).</summary>
[Authorize(Policy = Policies.Warehouse)]
public sealed class ReverseModel(IMediator mediator, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public string? Reason { get; set; }

    public MovementToReverse Data { get; private set; } = null!;

    public async Task OnGetAsync(long id, CancellationToken cancellationToken) => Data = await mediator.Send(new GetMovementToReverse(id), cancellationToken);

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        try
        {
            await mediator.Send(new ReverseMovement(id, Reason), cancellationToken);
            TempData["Message"] = t["Movement reversed."].Value;
            return Redirect("/Stock/Movements");
        }
        catch (Exception e) when (ModelState.TryAddCommandError(e, t, field => field.Equals("reason", StringComparison.OrdinalIgnoreCase) ? "Reason" : string.Empty))
        {
            Data = await mediator.Send(new GetMovementToReverse(id), cancellationToken);
            return Page();
        }
    }
}
