using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Domain;
using SupplyTracker.Features.Catalog;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Admin.Items;

[Authorize(Policy = Policies.Catalog)]
public sealed class EditModel(IMediator mediator, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Id { get; set; }

    [BindProperty]
    public int Version { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public ItemFields Fields { get; set; } = new("", "", "", ItemCategory.Mask, "只", 1, null, false, 0);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Id is null) return Page();
        var item = await mediator.Send(new GetItem(Id.Value), cancellationToken);
        if (item is null) return NotFound();
        (Code, Version) = (item.Code, item.Version);
        Fields = new ItemFields(item.NameZhHant, item.NameZhHans, item.NameEn, item.Category, item.BaseUnit, item.PackSize, item.ProductStandard,
            item.TracksExpiry, item.ReorderLevel, item.UsePerPersonShift);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (Id is { } id) await mediator.Send(new UpdateItem(id, Version, Fields), cancellationToken);
            else await mediator.Send(new CreateItem(Code ?? "", Fields), cancellationToken);
            TempData["Message"] = t["Saved."].Value;
            return Redirect("/Admin/Items");
        }
        catch (Exception e) when (ModelState.TryAddCommandError(e, t, f => f.StartsWith("Fields.", StringComparison.Ordinal) || f == "Code" ? f : "Fields." + char.ToUpperInvariant(f[0]) + f[1..]))
        {
            return Page();
        }
    }
}
