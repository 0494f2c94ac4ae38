using Mediator;
using Microsoft.Extensions.Options;
using SupplyTracker.Documents;
using SupplyTracker.Domain;
using SupplyTracker.Features.Mail;

namespace SupplyTracker.Features.Receipts;

/// <summary>
/// Puts a just-issued receipt into the donor's mail, in the issuing command's own transaction: the receipt and its
/// message commit together or not at all. Donors without an email address get nothing queued.
/// </summary>
public sealed class ReceiptMailing(IMediator mediator, Outbox outbox, IOptions<DocumentOptions> options)
{
    public async Task QueueAsync(Donation donation, DonorReceipt receipt, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(donation.Donor.Email)) return;
        var document = await mediator.Send(new RenderReceipt(receipt.Number), cancellationToken);
        var url = RenderReceiptHandler.VerificationUrl(options.Value, receipt);
        await outbox.QueueAsync(donation.Donor, MailKind.Receipt, donation.Id, receipt.Number,
            ReceiptMail.Compose(donation.Donor, receipt.Number, url, document.Pdf), cancellationToken);
    }
}
