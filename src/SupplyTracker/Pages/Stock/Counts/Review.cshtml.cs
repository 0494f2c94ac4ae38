using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Features.Stock;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Stock.Counts;

/// <summary>Book against counted, with the movements during the count accounted for; logistics approves (posting the variances) or cancels.</summary>
[Authorize(Policy = Policies.Stock)]
public sealed class ReviewModel(IMediator mediator, IStringLocalizer<SharedResource> t) : PageModel
{
    public StockCountView Count { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        Count = await mediator.Send(new GetStockCount(id), cancellationToken);
        return Count.Status == Domain.StockCountStatus.Open ? Redirect($"/Stock/Counts/Enter/{id}") : Page();
    }

    // ApproveStockCount itself refuses a station caller: Razor Pages cannot authorize one handler.
    public async Task<IActionResult> OnPostApproveAsync(int id, CancellationToken cancellationToken) =>
        await SendAsync(id, new ApproveStockCount(id), "Count approved; the variances are posted.", cancellationToken);

    public async Task<IActionResult> OnPostCancelAsync(int id, CancellationToken cancellationToken) =>
        await SendAsync(id, new CancelStockCount(id), "Count cancelled.", cancellationToken);

    private async Task<IActionResult> SendAsync<T>(int id, ICommand<T> command, string done, CancellationToken cancellationToken)
    {
        try
        {
            await mediator.Send(command, cancellationToken);
            TempData["Message"] = t[done].Value;
            return Redirect($"/Stock/Counts/Review/{id}");
        }
        catch (Exception e) when (ModelState.TryAddCommandError(e, t, _ => string.Empty))
        {
            Count = await mediator.Send(new GetStockCount(id), cancellationToken);
            return Page();
        }
    }
}
