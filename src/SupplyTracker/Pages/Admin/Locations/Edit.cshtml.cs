using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Domain;
using SupplyTracker.Features.Catalog;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Admin.Locations;

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
    public LocationFields Fields { get; set; } = new("", "", "", LocationKind.Checkpoint, 0, 0);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Id is null) return Page();
        var location = await mediator.Send(new GetLocation(Id.Value), cancellationToken);
        if (location is null) return NotFound();
        (Code, Version) = (location.Code, location.Version);
        Fields = new LocationFields(location.Name, location.NameZhHans, location.NameEn, location.Kind, location.HeadcountPerShift, location.ShiftsPerDay);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (Id is { } id) await mediator.Send(new UpdateLocation(id, Version, Fields), cancellationToken);
            else await mediator.Send(new CreateLocation(Code ?? "", Fields), cancellationToken);
            TempData["Message"] = t["Saved."].Value;
            return Redirect("/Admin/Locations");
        }
        catch (Exception e) when (ModelState.TryAddCommandError(e, t, f => f.StartsWith("Fields.", StringComparison.Ordinal) || f == "Code" ? f : "Fields." + char.ToUpperInvariant(f[0]) + f[1..]))
        {
            return Page();
        }
    }
}
