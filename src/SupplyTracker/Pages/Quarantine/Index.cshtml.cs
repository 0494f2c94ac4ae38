using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Domain;
using SupplyTracker.Features.Stock;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Quarantine;

/// <summary>
/// Stock held in quarantine and why. A station sees its own (the reason behind "on hand 50, available 0"); the warehouse
/// resolves goods that came back into quarantine (a station's rejection at delivery, a recall): release or write off.
/// Lines still held on a donation are decided on the donation's page.
/// </summary>
[Authorize(Policy = Policies.Read)]
public sealed class IndexModel(IMediator mediator, IStringLocalizer<SharedResource> t) : PageModel
{
    public IReadOnlyList<QuarantinedStock> Stock { get; private set; } = [];

    [BindProperty]
    public ResolutionInput Input { get; set; } = new();

    /// <summary>True on the second post, after the user saw the review (the dialog, or the review page without JavaScript).</summary>
    [BindProperty]
    public bool Confirmed { get; set; }

    public long? Reviewing { get; private set; }
    public string? ReviewText { get; private set; }

    public ReviewPrompt? ReviewPrompt(string confirmLabel) => ReviewText is null ? null : new ReviewPrompt(ReviewText, confirmLabel, "/Quarantine");

    public bool MayResolve => User.IsInRole(Roles.Admin) || User.IsInRole(Roles.Logistics);

    public async Task OnGetAsync(CancellationToken ct) => Stock = await mediator.Send(new ListQuarantinedStock(), ct);

    public async Task<IActionResult> OnPostResolveAsync(CancellationToken ct)
    {
        if (!MayResolve) return Forbid();
        Stock = await mediator.Send(new ListQuarantinedStock(), ct);
        if (Stock.FirstOrDefault(s => s.StockBalanceId == Input.StockBalanceId) is not { } row) return NotFound();
        if (!Confirmed)
        {
            Reviewing = row.StockBalanceId;
            ReviewText = (Input.Outcome == QuarantineResolution.WriteOff
                ? t["Write off {0} {1} of {2}, lot {3}, at {4}? This cannot be undone.", Input.Quantity ?? 0, row.Unit, row.ItemName, row.LotNumber, row.Location]
                : t["Release {0} {1} of {2}, lot {3}, at {4} into usable stock? This cannot be undone.", Input.Quantity ?? 0, row.Unit, row.ItemName, row.LotNumber, row.Location]).Value;
            return Page();
        }
        try
        {
            await mediator.Send(new ResolveQuarantine(row.StockBalanceId, Input.Quantity ?? 0, Input.Outcome, Input.Reason), ct);
            TempData["Message"] = t["Quarantine resolved."].Value;
            return RedirectToPage();
        }
        catch (Exception e) when (ModelState.TryAddCommandError(e, t, field => "Input." + char.ToUpperInvariant(field[0]) + field[1..]))
        {
            Reviewing = row.StockBalanceId;
            Stock = await mediator.Send(new ListQuarantinedStock(), ct);
            return Page();
        }
    }

    public sealed class ResolutionInput
    {
        public long StockBalanceId { get; set; }
        public decimal? Quantity { get; set; }
        public QuarantineResolution Outcome { get; set; }
        public string? Reason { get; set; }
    }
}
