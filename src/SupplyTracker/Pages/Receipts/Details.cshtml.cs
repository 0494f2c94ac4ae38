using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Domain;
using SupplyTracker.Features.Mail;
using SupplyTracker.Features.Receipts;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Receipts;

/// <summary>One receipt: its status, the public verification link, the PDF and the delivery of the mail that carries it.</summary>
[Authorize(Policy = Policies.Outbox)]
public sealed class DetailsModel(IMediator mediator, IStringLocalizer<SharedResource> t) : PageModel
{
    public DonorReceipt Receipt { get; private set; } = null!;
    public IReadOnlyList<OutboxMessage> Mails { get; private set; } = [];

    [BindProperty]
    public string? Email { get; set; }

    public bool MayResend => User.IsInRole(Roles.Admin) || User.IsInRole(Roles.Logistics);

    /// <summary>Valid, Void, or Reissued (void and replaced by another receipt).</summary>
    public string StatusName => Receipt.Status == ReceiptStatus.Valid ? "Valid" : Receipt.ReplacedByNumber is null ? "Void" : "Reissued";

    public string VerificationPath => $"/verify/{Uri.EscapeDataString(Receipt.Number)}?c={Receipt.VerificationCode}";

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken ct) =>
        await LoadAsync(number, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnGetPdfAsync(string number, CancellationToken ct)
    {
        if (!await LoadAsync(number, ct)) return NotFound();
        var document = await mediator.Send(new RenderReceipt(number), ct);
        return File(document.Pdf, "application/pdf", document.FileName);
    }

    public Task<IActionResult> OnPostResendAsync(string number, long messageId, CancellationToken ct) =>
        ActAsync(number, messageId, () => mediator.Send(new ResendMail(messageId), ct), ct);

    public Task<IActionResult> OnPostCorrectAsync(string number, long messageId, CancellationToken ct) =>
        ActAsync(number, messageId, () => mediator.Send(new CorrectAddressAndResend(messageId, Email ?? ""), ct), ct);

    private async Task<IActionResult> ActAsync(string number, long messageId, Func<ValueTask<int>> send, CancellationToken ct)
    {
        if (!MayResend) return Forbid();
        if (!await LoadAsync(number, ct) || Mails.All(m => m.Id != messageId)) return NotFound();
        try
        {
            await send();
            TempData["Message"] = t["The mail is queued to be sent again."].Value;
            return RedirectToPage(new { number });
        }
        catch (Exception e) when (ModelState.TryAddCommandError(e, t, field => field.Equals("email", StringComparison.OrdinalIgnoreCase) ? "Email" : string.Empty))
        {
            await LoadAsync(number, ct);
            return Page();
        }
    }

    private async Task<bool> LoadAsync(string number, CancellationToken ct)
    {
        if (await mediator.Send(new GetReceiptDetails(number), ct) is not { } details) return false;
        (Receipt, Mails) = (details.Receipt, details.Mails);
        return true;
    }
}
