using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Domain;
using SupplyTracker.Features.Catalog;
using SupplyTracker.Features.Donations;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;
using SupplyTracker.Pages.Shared;

namespace SupplyTracker.Pages.Donations;

[Authorize(Policy = Policies.Warehouse)]
public sealed class NewModel(IMediator mediator, IStringLocalizer<SharedResource> t, DeploymentTime time) : PageModel
{
    public const int BlankLines = 3;
    /// <summary>An expiry this close (or already past) is questioned before the donation is saved.</summary>
    public const int ExpiryWarningDays = 30;

    /// <summary>Lines whose expiry is past or near, shown for the user to acknowledge (the form keeps every value typed).</summary>
    public IReadOnlyList<ExpiryWarning> ExpiryWarnings { get; private set; } = [];

    [BindProperty]
    public DonationInput Input { get; set; } = new();

    /// <summary>The items, packs, donors and locations the form offers, and its line reader.</summary>
    public LineForm Form { get; private set; } = LineForm.Empty;

    /// <param name="pledge">"Truck arrived" on a pledge: the form starts as the pledge said, the officer corrects the differences.</param>
    public async Task OnGetAsync(int? pledge, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Input.ReceivedOn = time.Today;
        Input.ReceivingLocationId = Form.Warehouses.FirstOrDefault().Id;
        Input.Lines = [.. Enumerable.Range(0, BlankLines).Select(_ => new LineInput())];
        if (pledge is { } pledgeId && await mediator.Send(new Features.Pledges.GetPledge(pledgeId), cancellationToken) is { IsOpen: true } pledged)
            FillFromPledge(pledged);
    }

    private void FillFromPledge(Features.Pledges.PledgeView pledge)
    {
        Input.PledgeId = pledge.Id;
        Input.DonorId = pledge.DonorId;
        Input.ReceivingLocationId = pledge.ReceivingLocationId;
        Input.DirectedToLocationId = pledge.DirectedToLocationId;
        Input.Note = pledge.Note;
        Input.Lines = [.. pledge.Lines.Select(l => new LineInput
        {
            Item = l.ItemCode, PackId = l.PackCount is null ? null : l.PackId, Quantity = l.PackCount ?? l.Quantity, LotNumber = l.LotNumber, ExpiresOn = l.ExpiresOn,
        }), new LineInput()];
    }

    /// <summary>What a scanned barcode fills into a line (the scanner "types" the code and Enter into the item field).</summary>
    public async Task<IActionResult> OnGetResolveAsync(string? code, CancellationToken cancellationToken)
    {
        try
        {
            var scan = await mediator.Send(new ResolveBarcode(code ?? ""), cancellationToken);
            // A carton (or so many cartons) is entered as packs; a variable count or loose units as base units.
            var inPacks = scan.Pack is { } pack && scan.Quantity == scan.Count * pack.Quantity;
            return new JsonResult(new
            {
                item = scan.ItemCode,
                packId = inPacks ? scan.Pack!.Id : (int?)null,
                quantity = inPacks ? scan.Count : scan.Quantity,
                lot = scan.LotNumber,
                expiresOn = scan.ExpiresOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            });
        }
        catch (Exception e) when (ErrorText.Of(e) is { Count: > 0 } errors)
        {
            // 200 with the words: the page shows them on the line (an error status would meet the browser error page).
            return new JsonResult(new { error = string.Join(" ", errors.Select(x => x.Message(CultureInfo.CurrentUICulture))) });
        }
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
        var lines = new List<(int Row, RecordDonation.Line Line)>();
        foreach (var (row, item, line) in Form.Read(Input.Lines, ModelState, t, lotRequired: true, t["A donation needs at least one line."]))
        {
            lines.Add((row, new RecordDonation.Line(item.Id, line.Quantity ?? 0, line.LotNumber, line.ExpiresOn, line.DeclaredValue, line.PackId,
                DirectedToLocationId: line.DirectedToLocationId, ValueBasis: line.DeclaredValue is null ? null : line.ValueBasis,
                ValueNote: line.DeclaredValue is null ? null : line.ValueNote)));
            if (line.DeclaredValue is null && !string.IsNullOrWhiteSpace(line.ValueNote))
                ModelState.AddModelError($"Input.Lines[{row}].ValueNote", t["A value note needs a value."]);
        }
        var newDonor = LineForm.ReadDonor(ModelState, t, Input.DonorId, Input.NewDonor.Name, Input.WalkIn);
        if (!ModelState.IsValid)
            return Page();
        // A lot already expired or about to: recorded as it arrived only once the user has said so (inspection then
        // cannot accept an expired lot, only quarantine or reject it).
        ExpiryWarnings = [.. lines.Where(l => l.Line.ExpiresOn is { } e && e <= time.Today.AddDays(ExpiryWarningDays))
            .Select(l => new ExpiryWarning(l.Row, l.Line.ExpiresOn!.Value, l.Line.ExpiresOn < time.Today))];
        if (ExpiryWarnings.Count > 0 && !Input.ExpiryAcknowledged)
            return Page();

        try
        {
            if (Input.WalkIn)
            {
                Input.DonorId = await mediator.Send(new EnsureWalkInDonor(), cancellationToken);
            }
            else if (newDonor)
            {
                // The donor is kept even if the donation is refused below: the form then shows it chosen, lines untouched.
                Input.DonorId = await mediator.Send(new CreateDonor(new DonorFields(Input.NewDonor.Name!.Trim(), Input.NewDonor.Kind,
                    Input.NewDonor.ContactName, Input.NewDonor.Phone, null, null, false, Localized.Language)), cancellationToken);
                Input.NewDonor = new NewDonorInput();
                ModelState.Remove("Input.DonorId");
                await LoadAsync(cancellationToken);
            }
        }
        catch (Exception e) when (ModelState.TryAddCommandError(e, t, field => "Input.NewDonor." + (field.StartsWith("Fields.", StringComparison.Ordinal) ? field[7..] : "Name")))
        {
            return Page();
        }

        try
        {
            var recorded = await mediator.Send(new RecordDonation(Input.DonorId!.Value, Input.ReceivingLocationId, Input.ReceivedOn, Input.Note,
                [.. lines.Select(l => l.Line)], Input.Reference, Input.DirectedToLocationId, Input.PledgeId), cancellationToken);
            TempData["Message"] = t["Donation {0} recorded with {1} lines. Inspect it now.", recorded.DonationId, recorded.LineIds.Count].Value;
            return RedirectToPage("/Donations/Details", new { id = recorded.DonationId });
        }
        catch (Exception e) when (ModelState.TryAddCommandError(e, t, field => LineForm.MapField(field, lines.Select(l => l.Row).ToList())))
        {
            return Page();
        }
    }

    /// <summary>The warning for one form row, if its expiry is past or near.</summary>
    public ExpiryWarning? ExpiryWarningFor(int row) => ExpiryWarnings.FirstOrDefault(w => w.Row == row);

    public string ExpiryWarningText(ExpiryWarning warning) => warning.Expired
        ? t["Line {0}: expired on {1}.", warning.Row + 1, DisplayText.Date(warning.ExpiresOn)]
        : t["Line {0}: expires on {1}, within {2} days.", warning.Row + 1, DisplayText.Date(warning.ExpiresOn), ExpiryWarningDays];

    private async Task LoadAsync(CancellationToken cancellationToken) => Form = await LineForm.LoadAsync(mediator, cancellationToken);

    public sealed class DonationInput
    {
        public int? DonorId { get; set; }
        /// <summary>An anonymous citizen walking in with goods: no donor to choose or create.</summary>
        public bool WalkIn { get; set; }
        public NewDonorInput NewDonor { get; set; } = new();
        public int ReceivingLocationId { get; set; }
        public DateOnly ReceivedOn { get; set; }
        public string? Reference { get; set; }
        public string? Note { get; set; }
        /// <summary>The station the donor directed the gift to (定向捐贈), if any.</summary>
        public int? DirectedToLocationId { get; set; }
        /// <summary>The user has seen the expiry warning and records the lines as they are.</summary>
        public bool ExpiryAcknowledged { get; set; }
        /// <summary>The pledge these goods were announced by ("Truck arrived"); it is marked received with the donation.</summary>
        public int? PledgeId { get; set; }
        public List<LineInput> Lines { get; set; } = [];
    }

    /// <param name="Row">The form row (0-based, blank rows counted).</param>
    public sealed record ExpiryWarning(int Row, DateOnly ExpiresOn, bool Expired);

    /// <summary>A donor not in the list yet, created with the donation (the rest of their card is edited later).</summary>
    public sealed class NewDonorInput
    {
        public string? Name { get; set; }
        public DonorKind Kind { get; set; } = DonorKind.Organisation;
        public string? ContactName { get; set; }
        public string? Phone { get; set; }
    }

    public sealed class LineInput : LineFormInput
    {
        public decimal? DeclaredValue { get; set; }
        /// <summary>How the value was set (declared by the donor unless appraised), with an optional note.</summary>
        public ValueBasis ValueBasis { get; set; } = ValueBasis.Declared;
        public string? ValueNote { get; set; }
        /// <summary>This line's own directed-to location; none = the donation's (if any).</summary>
        public int? DirectedToLocationId { get; set; }

        public override bool IsBlank => base.IsBlank && DeclaredValue is null && string.IsNullOrWhiteSpace(ValueNote) && DirectedToLocationId is null;
    }
}
