using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Domain;
using SupplyTracker.Features.Catalog;
using SupplyTracker.Features.Stock;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;
using SupplyTracker.Pages.Shared;

namespace SupplyTracker.Pages.Stock;

/// <summary>A counted or accidental change of stock: Damaged, Lost and Expired remove, Found adds, Count correction either way.</summary>
[Authorize(Policy = Policies.Stock)]
public sealed class AdjustModel(IMediator mediator, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public AdjustInput Input { get; set; } = new();

    public IReadOnlyList<ItemOption> Items { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Locations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var item = Items.Resolve(Input.Item);
        if (item is null) ModelState.AddModelError("Input.Item", t["Choose an item from the list (code or name)."]);
        if (Input.Quantity is null) ModelState.AddModelError("Input.Quantity", t["Enter a quantity."]);
        if (!ModelState.IsValid) return Page();
        var quantity = Input.Reason is AdjustmentReason.Damaged or AdjustmentReason.Lost or AdjustmentReason.Expired
            ? -Math.Abs(Input.Quantity!.Value)
            : Input.Quantity!.Value;
        try
        {
            await mediator.Send(new AdjustStock(User.IsInRole(Roles.Station) && Locations is [var own] ? own.Id : Input.LocationId, item!.Id, Input.LotNumber, Input.ExpiresOn, quantity, Input.Reason, Input.Note),
                cancellationToken);
            TempData["Message"] = t["Stock adjusted."].Value;
            return Redirect($"/Stock/Movements?itemId={item.Id}");
        }
        catch (Exception e) when (ModelState.TryAddCommandError(e, t, MapField))
        {
            return Page();
        }
    }

    private static string MapField(string field) => field.ToLowerInvariant() switch
    {
        "itemid" => "Input.Item",
        "lot" or "lotnumber" => "Input.LotNumber",
        var f => "Input." + f,
    };

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Items = await mediator.Send(new ListItemOptions(), cancellationToken);
        Locations = [.. (await mediator.Send(new ListLocations(), cancellationToken)).Select(l => (l.Id, l.DisplayName()))];
    }

    public sealed class AdjustInput
    {
        public int LocationId { get; set; }
        public string? Item { get; set; }
        public string? LotNumber { get; set; }
        public DateOnly? ExpiresOn { get; set; }
        public decimal? Quantity { get; set; }
        public AdjustmentReason Reason { get; set; } = AdjustmentReason.CountCorrection;
        public string? Note { get; set; }
    }
}
