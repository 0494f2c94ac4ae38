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

    public sealed record Destination(string Location, string LocationZhHans, string LocationEn, DateOnly On, string ItemZhHant, string ItemEn, long Quantity, string Unit);
}

public sealed class VerifyReceiptHandler(SupplyTrackerDbContext db, TimeProvider clock) : IQueryHandler<VerifyReceipt, ReceiptVerification?>
{
    private static readonly MovementKind[] Arrivals = [MovementKind.TransferIn, MovementKind.DeliveryAccepted];

    public async ValueTask<ReceiptVerification?> Handle(VerifyReceipt query, CancellationToken cancellationToken)
    {
        var key = await ReceiptDrafting.KeyAsync(db, clock.GetUtcNow().UtcDateTime, cancellationToken);
        var number = (query.Number ?? "").Trim().ToUpperInvariant();
        var receipt = await db.DonorReceipts.AsNoTracking().FirstOrDefaultAsync(r => r.Number == number, cancellationToken);
        if (receipt is null || !ReceiptDrafting.Verify(key, receipt.Content, query.Code)) return null;

        var content = receipt.Content;
        // Only donors who agreed to be named publicly have the stations their goods reached shown (see README).
        IReadOnlyList<ReceiptVerification.Destination>? destinations = null;
        if (!content.DonorIsAnonymous)
        {
            var lots = content.Accepted.Where(l => l.LotId is not null).Select(l => l.LotId!.Value).Distinct().ToList();
            var arrivals = await (
                from m in db.StockMovements.AsNoTracking()
                where lots.Contains(m.LotId) && Arrivals.Contains(m.Kind) && m.Quantity > 0
                join location in db.Locations on m.LocationId equals location.Id
                join item in db.Items on m.ItemId equals item.Id
                select new { location.Name, location.NameZhHans, LocationEn = location.NameEn, m.RecordedAt, item.NameZhHant, ItemEn = item.NameEn, item.BaseUnit, m.Quantity })
                .ToListAsync(cancellationToken);
            destinations = [.. arrivals
                .GroupBy(a => (a.Name, a.NameZhHans, a.LocationEn, On: DateOnly.FromDateTime(a.RecordedAt), a.NameZhHant, a.ItemEn, a.BaseUnit))
                .Select(g => new ReceiptVerification.Destination(g.Key.Name, g.Key.NameZhHans, g.Key.LocationEn, g.Key.On, g.Key.NameZhHant,
                    g.Key.ItemEn, g.Sum(a => a.Quantity), g.Key.BaseUnit))
                .OrderBy(d => d.On).ThenBy(d => d.Location, StringComparer.Ordinal)];
        }
        return new ReceiptVerification(receipt.Number, receipt.Status, receipt.ReplacedByNumber, content.Replaces, content.DonorDisplayName,
            content.ReceivedOn, content.IssuedOn, content.Accepted, destinations) { Content = content };
    }
}
