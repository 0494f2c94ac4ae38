using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Domain;
using SupplyTracker.Features.Catalog;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Admin.Donors;

[Authorize(Policy = Policies.Warehouse)]
public sealed class EditModel(IMediator mediator, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Id { get; set; }

    [BindProperty]
    public int Version { get; set; }

    [BindProperty]
    public DonorFields Fields { get; set; } = new("", DonorKind.Organisation, null, null, null, null, false, "zh-Hant");

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Id is null) return Page();
        var donor = await mediator.Send(new GetDonor(Id.Value), cancellationToken);
        if (donor is null) return NotFound();
        Version = donor.Version;
        Fields = new DonorFields(donor.Name, donor.Kind, donor.ContactName, donor.Phone, donor.Email, donor.Address, donor.IsAnonymous, donor.PreferredLanguage);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (Id is { } id) await mediator.Send(new UpdateDonor(id, Version, Fields), cancellationToken);
            else await mediator.Send(new CreateDonor(Fields), cancellationToken);
            TempData["Message"] = t["Saved."].Value;
            return Redirect("/Admin/Donors");
        }
        catch (Exception e) when (ModelState.TryAddCommandError(e, t, f => f.StartsWith("Fields.", StringComparison.Ordinal) ? f : "Fields." + char.ToUpperInvariant(f[0]) + f[1..]))
        {
            return Page();
        }
    }
}
