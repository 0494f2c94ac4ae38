using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Features.Catalog;
using SupplyTracker.Features.Stock;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;
using SupplyTracker.Pages.Shared;

namespace SupplyTracker.Pages.Stock;

[Authorize(Policy = Policies.Warehouse)]
public sealed class TransferModel(IMediator mediator, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public TransferInput Input { get; set; } = new();

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
        try
        {
            await mediator.Send(new TransferStock(Input.FromLocationId, Input.ToLocationId, item!.Id, Input.LotNumber, Input.Quantity!.Value, Input.Note), cancellationToken);
            TempData["Message"] = t["Stock transferred."].Value;
            return Redirect($"/Stock/Movements?itemId={item.Id}");
        }
        catch (Exception e) when (ModelState.TryAddCommandError(e, t, field => field.ToLowerInvariant() switch
        {
            "itemid" => "Input.Item",
            "lot" or "lotnumber" => "Input.LotNumber",
            var f => "Input." + f,
        }))
        {
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Items = await mediator.Send(new ListItemOptions(), cancellationToken);
        Locations = [.. (await mediator.Send(new ListLocations(), cancellationToken)).Select(l => (l.Id, l.DisplayName()))];
    }

    public sealed class TransferInput
    {
        public int FromLocationId { get; set; }
        public int ToLocationId { get; set; }
        public string? Item { get; set; }
        public string? LotNumber { get; set; }
        public decimal? Quantity { get; set; }
        public string? Note { get; set; }
    }
}
