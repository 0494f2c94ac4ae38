using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Features.Receipts;

/// <summary>
/// The public check behind the QR code. Null means "not genuine": unknown number, wrong code, or content that no
/// longer matches its code all answer the same, so a guess learns nothing.
/// </summary>
public sealed record VerifyReceipt(string Number, string? Code) : IQuery<ReceiptVerification?>;

public sealed record ReceiptVerification(
    string Number,
    ReceiptStatus Status,
    string? ReplacedBy,
    string? Replaces,
    string DonorDisplayName,
    DateOnly ReceivedOn,
    DateOnly IssuedOn,
    IReadOnlyList<ReceiptLine> Items,
    IReadOnlyList<ReceiptVerification.Destination>? WhereGoodsWent)
{
    /// <summary>Lots of this receipt mixed with other donors' goods, so not followed (see DonorTrace).</summary>
    public int SharedLots { get; init; }
    public int DonationId { get; init; }

    /// <summary>One stop (see Features/Public/DonorTrace): a delivery to <see cref="Location"/>, a move on from <see cref="From"/>, or a return from it.</summary>
    public sealed record Destination(string Location, string LocationZhHans, string LocationEn, DateOnly On, string ItemZhHant, string ItemEn, long Quantity, string Unit)
    {
        public SupplyTracker.Features.Public.ArrivalKind Kind { get; init; }
        public string From { get; init; } = "";
        public string FromEn { get; init; } = "";
        public int ItemId { get; init; }
    }
}

public sealed class VerifyReceiptHandler(SupplyTrackerDbContext db, TimeProvider clock, SupplyTracker.Features.Public.DonorTrace tracer) : IQueryHandler<VerifyReceipt, ReceiptVerification?>
{
    public async ValueTask<ReceiptVerification?> Handle(VerifyReceipt query, CancellationToken cancellationToken)
    {
        var key = await ReceiptDrafting.KeyAsync(db, clock.GetUtcNow().UtcDateTime, cancellationToken);
        var number = (query.Number ?? "").Trim().ToUpperInvariant();
        var receipt = await db.DonorReceipts.AsNoTracking().FirstOrDefaultAsync(r => r.Number == number, cancellationToken);
        if (receipt is null || !ReceiptDrafting.Verify(key, receipt.Content, query.Code)) return null;

        var content = receipt.Content;
        // Only donors who agreed to be named publicly have the stations their goods reached shown (see README).
        IReadOnlyList<ReceiptVerification.Destination>? destinations = null;
        var sharedLots = 0;
        if (!content.DonorIsAnonymous)
        {
            // The one rule for where a donor's goods went (Features/Public/DonorTrace): first arrivals, moves on and returns.
            var donorId = await db.Donations.AsNoTracking().Where(d => d.Id == receipt.DonationId).Select(d => d.DonorId).FirstAsync(cancellationToken);
            var lots = content.Accepted.Where(l => l.LotId is not null).Select(l => l.LotId!.Value).ToList();
            var trace = await tracer.TraceAsync(donorId, lots, cancellationToken);
            destinations = [.. trace.Stops.Select(s => new ReceiptVerification.Destination(s.To.Name, s.To.NameZhHans, s.To.NameEn, s.On,
                s.Item.NameZhHant, s.Item.NameEn, s.Quantity, s.Item.BaseUnit)
            {
                Kind = s.Kind, From = s.From.Name, FromEn = s.From.NameEn, ItemId = s.Item.Id,
            })];
            sharedLots = trace.SharedLotIds.Count;
        }
        return new ReceiptVerification(receipt.Number, receipt.Status, receipt.ReplacedByNumber, content.Replaces, content.DonorDisplayName,
            content.ReceivedOn, content.IssuedOn, content.Accepted, destinations) { SharedLots = sharedLots, DonationId = receipt.DonationId };
    }
}
