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
    /// <summary>The frozen receipt content: the header shows the declared total and the goods not accepted from it.</summary>
    public ReceiptContent? Content { get; init; }

    /// <summary>Lots of this receipt mixed with other donors' goods, so not followed (see DonorTrace).</summary>
    public int SharedLots { get; init; }
    public int DonationId { get; init; }
    public int DonorId { get; init; }
    /// <summary>The donor lets where the goods went be shown (consent); when false, <c>WhereGoodsWent</c> is null.</summary>
    public bool TracePublic { get; init; }
    /// <summary>The donor's public statement (every donation, its receipts, where the goods went), HMAC-coded.</summary>
    public string? StatementPath { get; init; }

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
        // The page obeys the donor's consent as it stands now (not as it stood when the receipt was issued): the name only
        // if it may be public, where the goods went only if that may be shown. The paper receipt keeps the real name.
        var donor = await db.Donations.AsNoTracking().Where(d => d.Id == receipt.DonationId).Select(d => d.Donor).FirstAsync(cancellationToken);
        IReadOnlyList<ReceiptVerification.Destination>? destinations = null;
        var sharedLots = 0;
        if (donor.TracePublic)
        {
            // The one rule for where a donor's goods went (Features/Public/DonorTrace): first arrivals, moves on and returns.
            var donorId = donor.Id;
            var lots = content.Accepted.Where(l => l.LotId is not null).Select(l => l.LotId!.Value).ToList();
            var trace = await tracer.TraceAsync(donorId, lots, cancellationToken);
            destinations = [.. trace.Stops.Select(s => new ReceiptVerification.Destination(s.To.Name, s.To.NameZhHans, s.To.NameEn, s.On,
                s.Item.NameZhHant, s.Item.NameEn, s.Quantity, s.Item.BaseUnit)
            {
                Kind = s.Kind, From = s.From.Name, FromEn = s.From.NameEn, ItemId = s.Item.Id,
            })];
            sharedLots = trace.SharedLotIds.Count;
        }
        return new ReceiptVerification(receipt.Number, receipt.Status, receipt.ReplacedByNumber, content.Replaces,
            donor.NamePublic ? content.DonorName : SupplyTracker.Domain.Disclosure.DonorDisplayName(donor),
            content.ReceivedOn, content.IssuedOn, content.Accepted, destinations)
        {
            SharedLots = sharedLots, DonationId = receipt.DonationId, Content = content, DonorId = donor.Id, TracePublic = donor.TracePublic,
            StatementPath = SupplyTracker.Features.Public.DonorStatementCode.Path(donor.Id, SupplyTracker.Features.Public.DonorStatementCode.Sign(key, donor.Id)),
        };
    }
}
