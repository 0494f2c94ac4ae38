using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupplyTracker.Data;
using SupplyTracker.Documents;
using SupplyTracker.Documents.Waybills;
using SupplyTracker.Domain;
using SupplyTracker.Features.Receipts;
using SupplyTracker.Features.Requests;
using SupplyTracker.Features;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Features.Shipments;

/// <summary>The shipment's waybill PDF in zh-Hant (default), zh-Hans or en; a station sees only waybills of shipments to it.</summary>
public sealed record RenderWaybill(int ShipmentId, string? Language = null) : IQuery<RenderedDocument>;

public sealed class RenderWaybillHandler(SupplyTrackerDbContext db, CallerContext caller, InstalledFont font, IOptions<DocumentOptions> options,
    DeploymentTime time)
    : IQueryHandler<RenderWaybill, RenderedDocument>
{
    public async ValueTask<RenderedDocument> Handle(RenderWaybill query, CancellationToken cancellationToken)
    {
        var language = query.Language is null ? ReceiptLanguage.Default : ReceiptLanguage.Require(query.Language);
        var shipment = await db.Shipments.VisibleTo(caller).AsNoTracking().AsSplitQuery().Include(s => s.Lines).ThenInclude(l => l.Lot).ThenInclude(l => l.Item).ThenInclude(i => i.Packs)
            .FirstOrDefaultAsync(s => s.Id == query.ShipmentId, cancellationToken)
            ?? throw new NotFoundException(nameof(Shipment), query.ShipmentId);
        var locations = await db.Locations.AsNoTracking().Where(l => l.Id == shipment.FromLocationId || l.Id == shipment.ToLocationId)
            .ToDictionaryAsync(l => l.Id, l => language switch { "en" => $"{l.NameEn} ({l.Code})", "zh-Hans" => $"{l.NameZhHans}（{l.Code}）", _ => $"{l.Name}（{l.Code}）" },
                cancellationToken);
        var settings = options.Value;
        var dispatcher = await DisplayNames.OfAsync(db, shipment.DispatchedBy, cancellationToken);
        var request = await db.AllocationRequests.VisibleTo(caller).AsNoTracking().Where(r => r.Id == shipment.AllocationRequestId)
            .Select(r => r.Number).FirstOrDefaultAsync(cancellationToken);
        var waybill = new Waybill(shipment.Number, locations[shipment.FromLocationId], locations[shipment.ToLocationId],
            time.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(shipment.DispatchedAt, DateTimeKind.Utc))), dispatcher, request ?? $"#{shipment.AllocationRequestId}",
            [.. shipment.Lines.OrderBy(l => l.LineNumber).Select(l => new WaybillLine(l.LineNumber, l.Lot.Item.Code,
                language switch { "en" => l.Lot.Item.NameEn, "zh-Hans" => l.Lot.Item.NameZhHans, _ => l.Lot.Item.NameZhHant },
                l.Lot.Item.ProductStandard, l.Lot.LotNumber, l.Lot.ExpiresOn, l.Quantity, l.Lot.Item.BaseUnit, l.Lot.RegistrationNumber,
                // The largest pack the quantity fills exactly: what the receiver counts at the door.
                l.Lot.Item.Packs.Where(p => p.Quantity > 1 && l.Quantity % p.Quantity == 0).MaxBy(p => p.Quantity) is { } pack
                    ? new WaybillPack(language switch { "en" => pack.NameEn, "zh-Hans" => pack.NameZhHans, _ => pack.NameZhHant }, pack.Quantity)
                    : null))],
            ConfirmationUrl(settings, shipment.Id), settings.IssuingUnitIn(language), language);
        return new RenderedDocument(WaybillDocument.Render(font.Require(), waybill), $"waybill-{shipment.Number}{(language == ReceiptLanguage.Default ? "" : "-" + language)}.pdf");
    }

    /// <summary>The link the waybill's QR code opens: the station's delivery confirmation for this shipment (after sign-in).</summary>
    public static string ConfirmationUrl(DocumentOptions options, int shipmentId) => $"{options.PublicBaseUrl.TrimEnd('/')}/Shipments/{shipmentId}/Confirm";
}
