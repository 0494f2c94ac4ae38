using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Domain;
using SupplyTracker.Features.Catalog;
using SupplyTracker.Features.Recalls;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Pages.Shared;

namespace SupplyTracker.Pages.Recalls;

/// <summary>Logistics raise a recall: one item, its bad lot or lots, the reason and where the word came from.</summary>
[Authorize(Policy = Policies.Warehouse)]
public sealed class NewModel(IMediator mediator, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public RecallInput Input { get; set; } = new();

    public IReadOnlyList<ItemOption> Items { get; private set; } = [];

    public async Task OnGetAsync(string? item, string? lot, CancellationToken cancellationToken)
    {
        Items = await mediator.Send(new ListItemOptions(), cancellationToken);
        (Input.Item, Input.LotNumbers) = (item, lot);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Items = await mediator.Send(new ListItemOptions(), cancellationToken);
        var item = Items.Resolve(Input.Item);
        if (item is null) ModelState.AddModelError("Input.Item", t["Choose an item from the list (code or name)."]);
        var lots = (Input.LotNumbers ?? "").Split([',', '，', '、', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lots.Length == 0) ModelState.AddModelError("Input.LotNumbers", t["Name at least one lot number."]);
        if (!ModelState.IsValid) return Page();
        try
        {
            var raised = await mediator.Send(new RecallLots(item!.Id, lots, Input.Reason, Input.Source), cancellationToken);
            TempData["Message"] = t["Recall raised: {0} stations notified.", raised.StationsNotified].Value;
            return RedirectToPage("/Recalls/Details", new { id = raised.RecallId });
        }
        catch (Exception e) when (ModelState.TryAddCommandError(e, t, MapField))
        {
            return Page();
        }
    }

    private static string MapField(string field) => field.ToLowerInvariant() switch
    {
        "itemid" => "Input.Item",
        var f when f.StartsWith("lotnumbers", StringComparison.Ordinal) => "Input.LotNumbers",
        "reason" => "Input.Reason",
        "source" => "Input.Source",
        var f => "Input." + f,
    };

    public sealed class RecallInput
    {
        public string? Item { get; set; }
        /// <summary>One or more lot numbers, separated by commas or new lines.</summary>
        public string? LotNumbers { get; set; }
        public string? Reason { get; set; }
        public RecallSource Source { get; set; } = RecallSource.ManufacturerNotice;
    }
}
