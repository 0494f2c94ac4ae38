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

namespace SupplyTracker.Pages.Donations;

/// <summary>
/// A packing list uploaded as CSV, previewed with row-level errors, then recorded: one donation for a donor's own list, or
/// many for an intake sheet whose rows name their donor, date or reference. While any row has an error nothing is recorded:
/// donations recorded from part of the list would disagree with the donor's own papers.
/// </summary>
[Authorize(Policy = Policies.Warehouse)]
// The preview posts the file and the text of the previous file; the record step posts the text alone.
[RequestSizeLimit(2 * MaxFileBytes + 64 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 2 * MaxFileBytes + 64 * 1024, ValueLengthLimit = MaxFileBytes)]
public sealed class ImportModel(IMediator mediator, IStringLocalizer<SharedResource> t, DeploymentTime time) : PageModel
{
    public const int MaxFileBytes = 16 * 1024 * 1024;
    /// <summary>A preview shows every row of a short list; of a long one, the rows with errors (at most this many) or its first rows.</summary>
    public const int PreviewRows = 200;

    [BindProperty]
    public ImportInput Input { get; set; } = new();

    [BindProperty]
    public IFormFile? Upload { get; set; }

    public PackingList? Preview { get; private set; }
    public IReadOnlyList<(int Id, string Name)> Donors { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Warehouses { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Input.ReceivedOn = time.Today;
        Input.ReceivingLocationId = Warehouses.FirstOrDefault().Id;
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Upload is null or { Length: 0 })
        {
            ModelState.AddModelError(nameof(Upload), t["Choose a CSV file."]);
            return Page();
        }
        if (Upload.Length > MaxFileBytes)
        {
            ModelState.AddModelError(nameof(Upload), t["The file is larger than 16 MB."]);
            return Page();
        }
        using (var reader = new StreamReader(Upload.OpenReadStream(), detectEncodingFromByteOrderMarks: true))
            Input.Csv = await reader.ReadToEndAsync(ct);
        // The hidden field must carry the new file's text, not the one posted with this form.
        ModelState.Remove("Input.Csv");
        Preview = await ReadAsync(Input.Csv, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRecordAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Preview = await ReadAsync(Input.Csv ?? "", ct);
        if (!Preview.IsValid) ModelState.AddModelError(string.Empty, t["Correct the rows marked in red and upload the file again; nothing was recorded."]);
        if (!ModelState.IsValid) return Page();
        try
        {
            var imported = await mediator.Send(new ImportDonations(Input.ReceivingLocationId, Input.Note, ImportDonations.SourceOf("import page", System.Text.Encoding.UTF8.GetBytes(Input.Csv!)),
                Preview.ToDonations()), ct);
            if (imported.Donations is [var only])
            {
                TempData["Message"] = t["Donation {0} recorded with {1} lines. Inspect it now.", only.Id, only.Lines].Value;
                return RedirectToPage("/Donations/Details", new { id = only.Id });
            }
            TempData["Message"] = t["{0} donations recorded with {1} lines. Inspect them now.", imported.Donations.Count.ToString("N0"), imported.LineCount.ToString("N0")].Value;
            return RedirectToPage("/Donations/Index");
        }
        catch (Exception e) when (ModelState.TryAddCommandError(e, t, field => field.StartsWith("Donations", StringComparison.OrdinalIgnoreCase) ? string.Empty : "Input." + field))
        {
            return Page();
        }
    }

    private async Task<PackingList> ReadAsync(string csv, CancellationToken ct) =>
        await mediator.Send(new PreviewPackingList(csv, Input.DonorId, Input.ReceivedOn, Input.Reference), ct);

    /// <summary>The rows the preview shows: all of a short list; of a long one, the rows with errors, or the first rows when there are none.</summary>
    public IReadOnlyList<PackingListRow> ShownRows(PackingList list) =>
        list.Rows.Count <= PreviewRows ? list.Rows
        : list.Rows.Any(r => !r.IsValid) ? [.. list.Rows.Where(r => !r.IsValid).Take(PreviewRows)]
        : [.. list.Rows.Take(PreviewRows / 4)];

    public string DonorName(int id) => Donors.FirstOrDefault(d => d.Id == id).Name ?? id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task LoadAsync(CancellationToken ct)
    {
        Donors = [.. (await mediator.Send(new ListDonors(), ct)).Select(d => (d.Id, d.Name))];
        Warehouses = [.. (await mediator.Send(new ListLocations(LocationKinds.Warehouses), ct)).Select(l => (l.Id, l.DisplayName()))];
    }

    public sealed class ImportInput
    {
        public int? DonorId { get; set; }
        public int ReceivingLocationId { get; set; }
        public DateOnly ReceivedOn { get; set; }
        public string? Reference { get; set; }
        public string? Note { get; set; }
        /// <summary>The uploaded file's text, carried from the preview to the record step so nothing is uploaded twice.</summary>
        public string? Csv { get; set; }
    }
}
