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

    /// <summary>The donor's answer on the name: "asked-yes", "asked-no", or "" (not asked: the default for the kind applies).</summary>
    [BindProperty]
    public string NameConsent { get; set; } = "";

    /// <summary>The consent as recorded (null for a new donor).</summary>
    public Donor? Current { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Id is null) return Page();
        var donor = await mediator.Send(new GetDonor(Id.Value), cancellationToken);
        if (donor is null) return NotFound();
        Version = donor.Version;
        Current = donor;
        Fields = new DonorFields(donor.Name, donor.Kind, donor.ContactName, donor.Phone, donor.Email, donor.Address, donor.IsAnonymous, donor.PreferredLanguage,
            donor.WantsFollowUp, donor.TracePublic);
        NameConsent = donor.ConsentRecordedAt is null ? "" : donor.NamePublic ? "asked-yes" : "asked-no";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        bool? namePublic = NameConsent switch { "asked-yes" => true, "asked-no" => false, _ => null };
        try
        {
            if (Id is { } id)
            {
                // Not asked: the name stays as it is (the page does not show IsAnonymous as its own field).
                var current = await mediator.Send(new GetDonor(id), cancellationToken);
                if (current is null) return NotFound();
                Fields = Fields with { IsAnonymous = namePublic is { } yes ? !yes : current.IsAnonymous };
                await mediator.Send(new UpdateDonor(id, Version, Fields, namePublic), cancellationToken);
            }
            else
            {
                Fields = Fields with { IsAnonymous = namePublic == false };
                await mediator.Send(new CreateDonor(Fields, namePublic), cancellationToken);
            }
            TempData["Message"] = t["Saved."].Value;
            return Redirect("/Admin/Donors");
        }
        catch (Exception e) when (ModelState.TryAddCommandError(e, t, f => f.StartsWith("Fields.", StringComparison.Ordinal) ? f : "Fields." + char.ToUpperInvariant(f[0]) + f[1..]))
        {
            if (Id is { } id) Current = await mediator.Send(new GetDonor(id), cancellationToken);
            return Page();
        }
    }
}
