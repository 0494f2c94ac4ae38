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

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? ReissueLanguage { get; set; }

    /// <summary>True on the second post, after the user saw the review (the dialog, or the review page without JavaScript).</summary>
    [BindProperty]
    public bool Confirmed { get; set; }

    public string? Reviewing { get; private set; }
    public string? ReviewText { get; private set; }

    public ReviewPrompt? ReviewFor(string handler, string confirmLabel) =>
        Reviewing == handler && ReviewText is not null ? new ReviewPrompt(ReviewText, confirmLabel, $"/Receipts/{Uri.EscapeDataString(Receipt.Number)}") : null;

    /// <summary>A valid receipt can be voided, or voided and replaced by a new one, by the warehouse.</summary>
    public bool MayVoid => MayResend && Receipt.Status == ReceiptStatus.Valid;

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

    public Task<IActionResult> OnPostVoidAsync(string number, CancellationToken ct) =>
        ChangeAsync(number, "Void", t["Void receipt {0}? The donor's receipt stops being valid; this cannot be undone.", number],
            async () => { await mediator.Send(new VoidReceipt(number, Reason), ct); return number; }, t["Receipt {0} voided.", number], ct);

    public Task<IActionResult> OnPostReissueAsync(string number, CancellationToken ct) =>
        ChangeAsync(number, "Reissue", t["Void receipt {0} and issue a new one in its place? This cannot be undone.", number],
            async () => await mediator.Send(new ReissueReceipt(number, Reason, string.IsNullOrEmpty(ReissueLanguage) ? null : ReissueLanguage), ct),
            null, ct);

    private async Task<IActionResult> ChangeAsync(string number, string handler, LocalizedString review, Func<Task<string>> send,
        LocalizedString? done, CancellationToken ct)
    {
        if (!MayResend) return Forbid();
        if (!await LoadAsync(number, ct)) return NotFound();
        if (!Confirmed)
        {
            (Reviewing, ReviewText) = (handler, review.Value);
            return Page();
        }
        try
        {
            var result = await send();
            TempData["Message"] = (done ?? t["Receipt {0} issued.", result]).Value;
            return RedirectToPage(new { number = result });
        }
        catch (Exception e) when (ModelState.TryAddCommandError(e, t, field => field.Equals("reason", StringComparison.OrdinalIgnoreCase) ? "Reason" : string.Empty))
        {
            await LoadAsync(number, ct);
            Reviewing = handler;
            return Page();
        }
    }

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
