using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Features.Receipts;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Receipts;

/// <summary>Receipts for every unreceipted, fully inspected donation in a date range, with a progress bar and the PDFs as one zip.</summary>
[Authorize(Policy = Policies.Warehouse)]
public sealed class BatchModel(ReceiptBatches batches, IMediator mediator, IStringLocalizer<SharedResource> t, DeploymentTime time) : PageModel
{
    [BindProperty]
    public BatchInput Input { get; set; } = new();

    public ReceiptBatch? Batch { get; private set; }

    public IActionResult OnGet(Guid? batchId)
    {
        if (batchId is null)
        {
            var today = time.Today;
            Input = new BatchInput { From = today.AddDays(-30), To = today };
            return Page();
        }
        Batch = batches.Find(batchId.Value);
        return Batch is null ? NotFound() : Page();
    }

    /// <summary>The progress as JSON, for a page that would rather poll than reload.</summary>
    public IActionResult OnGetProgress(Guid batchId) =>
        batches.Find(batchId) is { } batch
            ? new JsonResult(new { batch.Id, Status = batch.Status.ToString(), batch.Total, batch.Issued, batch.Failed })
            : NotFound();

    public async Task<IActionResult> OnGetZipAsync(Guid batchId, CancellationToken ct)
    {
        if (batches.Find(batchId) is not { } batch) return NotFound();
        if (batch.Status != ReceiptBatchStatus.Done) return StatusCode(StatusCodes.Status409Conflict);
        using var zip = new MemoryStream();
        await ReceiptBatchArchive.WriteZipAsync(batch, mediator, zip, ct);
        return File(zip.ToArray(), "application/zip", $"receipts-{batch.From:yyyyMMdd}-{batch.To:yyyyMMdd}.zip");
    }

    public IActionResult OnPost()
    {
        if (!ModelState.IsValid) return Page();
        try
        {
            var batch = batches.Start(Input.From!.Value, Input.To!.Value, string.IsNullOrEmpty(Input.Language) ? null : Input.Language, User);
            return RedirectToPage(new { batchId = batch.Id });
        }
        catch (Exception e) when (ModelState.TryAddCommandError(e, t, field => "Input." + char.ToUpperInvariant(field[0]) + field[1..]))
        {
            return Page();
        }
    }

    public sealed class BatchInput
    {
        [Required(ErrorMessage = "Choose a date.")]
        [Display(Name = "Received from")]
        public DateOnly? From { get; set; }

        [Required(ErrorMessage = "Choose a date.")]
        [Display(Name = "Received until")]
        public DateOnly? To { get; set; }

        public string? Language { get; set; }
    }
}
