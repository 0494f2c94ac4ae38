using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Donations;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Pages.Donations;

/// <summary>
/// A donor's packing list uploaded as CSV, previewed with row-level errors, then recorded as one donation. While any row has
/// an error nothing is recorded: a donation recorded from part of the list would disagree with the donor's own papers.
/// </summary>
[Authorize(Policy = Policies.Warehouse)]
[RequestSizeLimit(MaxFileBytes + 64 * 1024)]
public sealed class ImportModel(SupplyTrackerDbContext db, IMediator mediator, IStringLocalizer<SharedResource> t, TimeProvider clock) : PageModel
{
    public const int MaxFileBytes = 1024 * 1024;

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
        Input.ReceivedOn = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
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
            ModelState.AddModelError(nameof(Upload), t["The file is larger than 1 MB."]);
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
        if (Input.DonorId is null) ModelState.AddModelError("Input.DonorId", t["Choose the donor."]);
        if (!Preview.IsValid) ModelState.AddModelError(string.Empty, t["Correct the rows marked in red and upload the file again; nothing was recorded."]);
        if (!ModelState.IsValid) return Page();
        try
        {
            var recorded = await mediator.Send(new RecordDonation(Input.DonorId!.Value, Input.ReceivingLocationId, Input.ReceivedOn, Input.Note,
                [.. Preview.Rows.Select(r => r.ToLine())], string.IsNullOrWhiteSpace(Input.Reference) ? null : Input.Reference), ct);
            TempData["Message"] = t["Donation {0} recorded with {1} lines. Inspect it now.", recorded.DonationId, recorded.LineIds.Count].Value;
            return RedirectToPage("/Donations/Details", new { id = recorded.DonationId });
        }
        catch (Exception e) when (ModelState.TryAddCommandError(e, t, field => field.StartsWith("Lines", StringComparison.OrdinalIgnoreCase) ? string.Empty : "Input." + field))
        {
            return Page();
        }
    }

    private async Task<PackingList> ReadAsync(string csv, CancellationToken ct)
    {
        var items = await db.Items.AsNoTracking().Select(i => new PackingListItem(i.Id, i.Code, i.TracksExpiry)).ToListAsync(ct);
        return PackingList.Read(new StringReader(csv), items.ToDictionary(i => i.Code.ToUpperInvariant()));
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Donors = [.. (await db.Donors.AsNoTracking().OrderBy(d => d.Name).Select(d => new { d.Id, d.Name }).ToListAsync(ct)).Select(d => (d.Id, d.Name))];
        Warehouses = [.. (await db.Locations.AsNoTracking().Where(l => l.Kind == LocationKind.Warehouse).OrderBy(l => l.Code).ToListAsync(ct))
            .Select(l => (l.Id, l.DisplayName()))];
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
