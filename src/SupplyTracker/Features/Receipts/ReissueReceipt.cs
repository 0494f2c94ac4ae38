using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features.Receipts;

/// <summary>
/// Replaces a receipt with a new one drawn from the donation as it is now, under the next number; a receipt still in
/// force is voided first. The new receipt says it is a reissue and names the one it replaces.
/// </summary>
public sealed record ReissueReceipt(string Number, string? Reason = null, string? Language = null) : ICommand<string>;

public sealed class ReissueReceiptValidator : AbstractValidator<ReissueReceipt>
{
    public ReissueReceiptValidator()
    {
        RuleFor(c => c.Reason).MaximumLength(DonorReceipt.ReasonMaxLength);
        RuleFor(c => c.Language).Must(l => l is null || ReceiptLanguage.All.Contains(l, StringComparer.OrdinalIgnoreCase))
            .WithCode(ErrorCodes.FieldLanguage);
    }
}

public sealed class ReissueReceiptHandler(SupplyTrackerDbContext db, TimeProvider clock, CallerContext caller, ReceiptMailing mailing,
    SupplyTracker.Documents.InstalledFont font, Microsoft.Extensions.Options.IOptions<SupplyTracker.Documents.DocumentOptions> options, DeploymentTime time)
    : ICommandHandler<ReissueReceipt, string>
{
    public async ValueTask<string> Handle(ReissueReceipt command, CancellationToken cancellationToken)
    {
        var old = await db.DonorReceipts.VisibleTo(db, caller).FirstOrDefaultAsync(r => r.Number == command.Number, cancellationToken)
            ?? throw new NotFoundException(nameof(DonorReceipt), command.Number);
        old.EnsureReissuable();
        var now = clock.GetUtcNow().UtcDateTime;
        if (old.Status == ReceiptStatus.Valid)
        {
            old.Void(string.IsNullOrWhiteSpace(command.Reason) ? "補發 / reissued" : command.Reason, caller.UserName, now);
            // Saved first: the new receipt takes the donation's one "in force" place.
            await db.SaveChangesAsync(cancellationToken);
        }

        var donation = await ReceiptDrafting.LoadDonationAsync(db, caller, old.DonationId, cancellationToken);
        var reissue = await ReceiptDrafting.DraftAsync(db, donation, ReceiptLanguage.Require(command.Language ?? old.Language), caller.UserName, now, time.DateOf(now), old,
            cancellationToken, font.Font);
        db.DonorReceipts.Add(reissue);
        await db.SaveChangesAsync(cancellationToken);
        // The issued bytes are kept: a reprint of this receipt is the same file, whatever changes later.
        if (font.Font is { } printing) RenderReceiptHandler.Store(db, printing, options.Value, time, reissue);
        await db.SaveChangesAsync(cancellationToken);
        await mailing.QueueAsync(donation, reissue, cancellationToken);
        return reissue.Number;
    }
}
