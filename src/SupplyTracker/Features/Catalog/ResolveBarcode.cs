using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Domain.Gs1;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features.Catalog;

/// <summary>What a scanned barcode means for an intake line: item, pack, lot, expiry, and the quantity in base units.</summary>
public sealed record ResolveBarcode(string Code) : IQuery<ResolvedBarcode>;

public sealed record ResolvedPack(int Id, string NameZhHant, string NameZhHans, string NameEn, long Quantity);

/// <param name="Gtin">The GTIN that was looked up (14 digits).</param>
/// <param name="Count">The barcode's count, AI (30) in base units or (37) in contained trade items; 1 when it has none.</param>
/// <param name="Quantity">Base units the scan stands for: one unit, one pack, (30) units, or (37) × the contained GTIN's unit.</param>
public sealed record ResolvedBarcode(int ItemId, string ItemCode, string BaseUnit, string Gtin, ResolvedPack? Pack, string? LotNumber,
    DateOnly? ExpiresOn, string? SerialNumber, long Count, long Quantity);

public sealed class ResolveBarcodeHandler(SupplyTrackerDbContext db, DeploymentTime time) : IQueryHandler<ResolveBarcode, ResolvedBarcode>
{
    public async ValueTask<ResolvedBarcode> Handle(ResolveBarcode query, CancellationToken cancellationToken)
    {
        var code = Gs1Parser.Parse(query.Code, time.Today);
        // AI (01) names the scanned trade item; a logistic unit names the items it contains with (02) and counts them with (37).
        var gtin = code.Gtin ?? code.ContainedGtin
            ?? throw (code.Sscc is not null
                ? new DomainValidationException(Gs1Parser.Field,
                    $"The barcode is a shipping label (SSCC {code.Sscc}) without a GTIN: scan the barcode of the goods or of their carton.")
                : new DomainValidationException(Gs1Parser.Field, ErrorCodes.Gs1NoGtin));

        var pack = await db.Set<Pack>().AsNoTracking().Include(p => p.Item).FirstOrDefaultAsync(p => p.Gtin == gtin, cancellationToken);
        var item = pack?.Item ?? await db.Set<ItemGtin>().Where(g => g.Gtin == gtin).Join(db.Items, g => g.ItemId, i => i.Id, (g, i) => i)
            .AsNoTracking().FirstOrDefaultAsync(cancellationToken)
            ?? throw new DomainValidationException(Gs1Parser.Field, ErrorCodes.Gs1UnknownGtin, gtin);

        long quantity;
        if (code.Gtin is null && code.ContainedCount is { } contained)
        {
            // (02) + (37): so many of the contained trade item (a unit or a pack) in this logistic unit.
            quantity = pack is null ? Quantity.Ensure(contained, Gs1Parser.Field) : pack.ToBaseUnits(contained, Gs1Parser.Field);
        }
        else if (code.VariableCount is { } variable)
        {
            // (30): a variable-count trade item holds this many base units, whatever its usual pack holds.
            quantity = Quantity.Ensure(variable, Gs1Parser.Field);
        }
        else
        {
            quantity = pack?.Quantity ?? 1;
        }

        return new ResolvedBarcode(item.Id, item.Code, item.BaseUnit, gtin,
            pack is null ? null : new ResolvedPack(pack.Id, pack.NameZhHant, pack.NameZhHans, pack.NameEn, pack.Quantity),
            code.LotNumber, code.ExpiresOn, code.SerialNumber, code.VariableCount ?? code.ContainedCount ?? 1, quantity);
    }
}
