using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features.Receipts;

/// <summary>One receipt and the mails that carried it, oldest first; null when there is no such receipt or a Station caller did not receive its donation.</summary>
public sealed record GetReceiptDetails(string Number) : IQuery<ReceiptDetails?>;

public sealed record ReceiptDetails(DonorReceipt Receipt, IReadOnlyList<OutboxMessage> Mails);

public sealed class GetReceiptDetailsHandler(SupplyTrackerDbContext db, CallerContext caller) : IQueryHandler<GetReceiptDetails, ReceiptDetails?>
{
    public async ValueTask<ReceiptDetails?> Handle(GetReceiptDetails query, CancellationToken cancellationToken)
    {
        var receipt = await db.DonorReceipts.AsNoTracking().VisibleTo(db, caller).FirstOrDefaultAsync(r => r.Number == query.Number, cancellationToken);
        if (receipt is null) return null;
        var mails = await db.OutboxMessages.AsNoTracking().Where(m => m.Kind == MailKind.Receipt && m.Reference == query.Number)
            .OrderBy(m => m.Id).ToListAsync(cancellationToken);
        return new ReceiptDetails(receipt, mails);
    }
}
