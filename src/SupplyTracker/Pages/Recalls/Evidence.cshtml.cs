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

/// <summary>Logistics look a lot up by item and number and correct its evidence: manufacturer, registration number, standard, test report.</summary>
[Authorize(Policy = Policies.Warehouse)]
public sealed class EvidenceModel(IMediator mediator, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Item { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Lot { get; set; }

    [BindProperty]
    public EvidenceInput Input { get; set; } = new();

    public IReadOnlyList<ItemOption> Items { get; private set; } = [];
    public LotEvidenceView? Found { get; private set; }
    public bool Searched => !string.IsNullOrWhiteSpace(Item);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await FindAsync(cancellationToken);
        if (Found is { Evidence: var e })
            Input = new EvidenceInput
            {
                Manufacturer = e.Manufacturer, RegistrationNumber = e.RegistrationNumber, StandardClaimed = e.StandardClaimed, TestReportReference = e.TestReportReference,
            };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await FindAsync(cancellationToken);
        if (Found is null) return NotFound();
        try
        {
            await mediator.Send(new SetLotEvidence(Found.LotId,
                new LotEvidence(Input.Manufacturer, Input.RegistrationNumber, Input.StandardClaimed, Input.TestReportReference)), cancellationToken);
            TempData["Message"] = t["Lot evidence saved."].Value;
            return Redirect($"/Recalls/Evidence?item={Uri.EscapeDataString(Item ?? "")}&lot={Uri.EscapeDataString(Lot ?? "")}");
        }
        catch (Exception e) when (ModelState.TryAddCommandError(e, t, field => "Input." + field.Replace("Evidence.", "", StringComparison.OrdinalIgnoreCase)))
        {
            return Page();
        }
    }

    private async Task FindAsync(CancellationToken cancellationToken)
    {
        Items = await mediator.Send(new ListItemOptions(), cancellationToken);
        if (!Searched) return;
        var item = Items.Resolve(Item);
        if (item is null)
        {
            ModelState.AddModelError(nameof(Item), t["Choose an item from the list (code or name)."]);
            return;
        }
        Found = await mediator.Send(new GetLotEvidence(item.Id, Lot), cancellationToken);
    }

    public sealed class EvidenceInput
    {
        public string? Manufacturer { get; set; }
        public string? RegistrationNumber { get; set; }
        public string? StandardClaimed { get; set; }
        public string? TestReportReference { get; set; }
    }
}
