using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Features.Stock;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Stock.Counts;

/// <summary>Counts of the caller's locations, and the form that starts one (<see cref="StartStockCount"/>).</summary>
[Authorize(Policy = Policies.Stock)]
public sealed class IndexModel(IMediator mediator, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public StartInput Input { get; set; } = new();

    public StockCountList Data { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) => Data = await mediator.Send(new ListStockCounts(), cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Data = await mediator.Send(new ListStockCounts(), cancellationToken);
        try
        {
            var started = await mediator.Send(new StartStockCount(Input.LocationId, null, Input.Note), cancellationToken);
            return Redirect($"/Stock/Counts/Enter/{started.StockCountId}");
        }
        catch (Exception e) when (ModelState.TryAddCommandError(e, t))
        {
            return Page();
        }
    }

    public sealed class StartInput
    {
        public int LocationId { get; set; }
        public string? Note { get; set; }
    }
}
