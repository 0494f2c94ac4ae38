using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features.Receipts;

/// <summary>Issues the donation's receipt in the donor's language unless another is asked for; one receipt in force per donation.</summary>
public sealed record IssueReceipt(int DonationId, string? Language = null) : ICommand<string>;

public sealed class IssueReceiptValidator : AbstractValidator<IssueReceipt>
{
    public IssueReceiptValidator()
    {
        RuleFor(c => c.Language).Must(l => l is null || ReceiptLanguage.All.Contains(l, StringComparer.OrdinalIgnoreCase))
            .WithCode(ErrorCodes.FieldLanguage);
    }
}

public sealed class IssueReceiptHandler(SupplyTrackerDbContext db, TimeProvider clock, CallerContext caller, ReceiptMailing mailing,
    SupplyTracker.Documents.InstalledFont font, Microsoft.Extensions.Options.IOptions<SupplyTracker.Documents.DocumentOptions> options, DeploymentTime time)
    : ICommandHandler<IssueReceipt, string>
{
    public async ValueTask<string> Handle(IssueReceipt command, CancellationToken cancellationToken)
    {
        var donation = await ReceiptDrafting.LoadDonationAsync(db, caller, command.DonationId, cancellationToken);
        var existing = await db.DonorReceipts.Where(r => r.DonationId == donation.Id && r.Status == ReceiptStatus.Valid)
            .Select(r => r.Number).FirstOrDefaultAsync(cancellationToken);
        if (existing is not null)
            throw new DomainRuleException("donationId", ErrorCodes.ReceiptAlreadyIssued, donation.Id, existing);

        var receipt = await ReceiptDrafting.DraftAsync(db, donation, ReceiptLanguage.Require(command.Language ?? donation.Donor.PreferredLanguage),
            caller.UserName, clock.GetUtcNow().UtcDateTime, time.DateOf(clock.GetUtcNow().UtcDateTime), replaces: null, cancellationToken, font.Font);
        db.DonorReceipts.Add(receipt);
        await db.SaveChangesAsync(cancellationToken);
        // The issued bytes are kept: a reprint of this receipt is the same file, whatever changes later.
        if (font.Font is { } printing) RenderReceiptHandler.Store(db, printing, options.Value, time, receipt);
        await db.SaveChangesAsync(cancellationToken);
        await mailing.QueueAsync(donation, receipt, cancellationToken);
        return receipt.Number;
    }
}
