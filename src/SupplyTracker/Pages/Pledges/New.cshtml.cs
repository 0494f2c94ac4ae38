using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Domain;
using SupplyTracker.Features.Catalog;
using SupplyTracker.Features.Pledges;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;
using SupplyTracker.Pages.Shared;

namespace SupplyTracker.Pages.Pledges;

/// <summary>Logistics, on the phone with a donor, registers the delivery the donor announces.</summary>
[Authorize(Policy = Policies.Warehouse)]
public sealed class NewModel(IMediator mediator, IStringLocalizer<SharedResource> t, DeploymentTime time) : PageModel
{
    public const int BlankLines = 3;

    [BindProperty]
    public PledgeInput Input { get; set; } = new();

    /// <summary>The items, packs, donors and locations the form offers, and its line reader.</summary>
    public LineForm Form { get; private set; } = LineForm.Empty;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Input.ExpectedOn = time.Today.AddDays(1);
        Input.ReceivingLocationId = Form.Warehouses.FirstOrDefault().Id;
        Input.Lines = [.. Enumerable.Range(0, BlankLines).Select(_ => new LineInput())];
    }

    /// <summary>Without JavaScript "Add line" posts the form back: one more blank line, nothing typed is lost.</summary>
    public async Task<IActionResult> OnPostAddLineAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        ModelState.Clear();
        Input.Lines.Add(new LineInput());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var lines = Form.Read(Input.Lines, ModelState, t, lotRequired: false, t["A pledge needs at least one line."])
            .Select(l => (l.Row, Line: new CreatePledge.Line(l.Item.Id, l.Input.Quantity ?? 0, l.Input.PackId, l.Input.LotNumber, l.Input.ExpiresOn))).ToList();
        var newDonor = LineForm.ReadDonor(ModelState, t, Input.DonorId, Input.NewDonor.Name);
        if (!ModelState.IsValid)
            return Page();

        if (newDonor)
        {
            try
            {
                // The donor is kept even if the pledge is refused below: the form then shows it chosen, lines untouched.
                Input.DonorId = await mediator.Send(new CreateDonor(new DonorFields(Input.NewDonor.Name!.Trim(), Input.NewDonor.Kind,
                    Input.ContactName, Input.ContactPhone, null, null, false, Localized.Language)), cancellationToken);
                Input.NewDonor = new NewDonorInput();
                ModelState.Remove("Input.DonorId");
                await LoadAsync(cancellationToken);
            }
            catch (Exception e) when (ModelState.TryAddCommandError(e, t, field => field switch
            {
                "Fields.ContactName" => "Input.ContactName",
                "Fields.Phone" => "Input.ContactPhone",
                _ => "Input.NewDonor.Name",
            }))
            {
                return Page();
            }
        }

        try
        {
            var id = await mediator.Send(new CreatePledge(Input.DonorId!.Value, Input.ContactName, Input.ContactPhone, Input.ExpectedOn,
                Input.ReceivingLocationId, Input.DirectedToLocationId, Input.Note, [.. lines.Select(l => l.Line)]), cancellationToken);
            TempData["Message"] = t["Pledge {0} registered.", id].Value;
            return RedirectToPage("/Pledges/Details", new { id });
        }
        catch (Exception e) when (ModelState.TryAddCommandError(e, t, field => LineForm.MapField(field, lines.Select(l => l.Row).ToList())))
        {
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken) => Form = await LineForm.LoadAsync(mediator, cancellationToken);

    public sealed class PledgeInput
    {
        public int? DonorId { get; set; }
        public NewDonorInput NewDonor { get; set; } = new();
        public string? ContactName { get; set; }
        public string? ContactPhone { get; set; }
        public DateOnly ExpectedOn { get; set; }
        public int ReceivingLocationId { get; set; }
        public int? DirectedToLocationId { get; set; }
        public string? Note { get; set; }
        public List<LineInput> Lines { get; set; } = [];
    }

    /// <summary>A donor not in the list yet, created with the pledge (the contact above becomes theirs).</summary>
    public sealed class NewDonorInput
    {
        public string? Name { get; set; }
        public DonorKind Kind { get; set; } = DonorKind.Organisation;
    }

    public sealed class LineInput : LineFormInput;
}
