using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupplyTracker.Data;
using SupplyTracker.Documents;
using SupplyTracker.Documents.Waybills;
using SupplyTracker.Domain;
using SupplyTracker.Features.Requests;
using SupplyTracker.Features;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Features.Shipments;

/// <summary>The shipment's waybill PDF; a station sees only waybills of shipments to it.</summary>
public sealed record RenderWaybill(int ShipmentId) : IQuery<RenderedDocument>;

public sealed class RenderWaybillHandler(SupplyTrackerDbContext db, CallerContext caller, InstalledFont font, IOptions<DocumentOptions> options)
    : IQueryHandler<RenderWaybill, RenderedDocument>
{
    public async ValueTask<RenderedDocument> Handle(RenderWaybill query, CancellationToken cancellationToken)
    {
        var shipment = await db.Shipments.VisibleTo(caller).AsNoTracking().Include(s => s.Lines).ThenInclude(l => l.Lot).ThenInclude(l => l.Item)
            .FirstOrDefaultAsync(s => s.Id == query.ShipmentId, cancellationToken)
            ?? throw new NotFoundException(nameof(Shipment), query.ShipmentId);
        var locations = await db.Locations.AsNoTracking().Where(l => l.Id == shipment.FromLocationId || l.Id == shipment.ToLocationId)
            .ToDictionaryAsync(l => l.Id, l => $"{l.Name}（{l.Code}）", cancellationToken);
        var settings = options.Value;
        var waybill = new Waybill(shipment.Number, locations[shipment.FromLocationId], locations[shipment.ToLocationId], shipment.DispatchedAt,
            shipment.DispatchedBy, $"#{shipment.AllocationRequestId}",
            [.. shipment.Lines.OrderBy(l => l.LineNumber).Select(l => new WaybillLine(l.LineNumber, l.Lot.Item.Code, l.Lot.Item.NameZhHant,
                l.Lot.Item.ProductStandard, l.Lot.LotNumber, l.Lot.ExpiresOn, l.Quantity, l.Lot.Item.BaseUnit))],
            $"{settings.PublicBaseUrl.TrimEnd('/')}/Shipments/{shipment.Id}/Confirm",
            settings.IssuingUnit);
        return new RenderedDocument(WaybillDocument.Render(font.Require(), waybill), $"waybill-{shipment.Number}.pdf");
    }
}
