using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features.Shipments;

/// <summary>The request a shipment belongs to, for the waybill's QR link; null when the caller may not see the shipment.</summary>
public sealed record FindShipmentRequest(int ShipmentId) : IQuery<int?>;

public sealed class FindShipmentRequestHandler(SupplyTrackerDbContext db, CallerContext caller) : IQueryHandler<FindShipmentRequest, int?>
{
    public async ValueTask<int?> Handle(FindShipmentRequest query, CancellationToken cancellationToken) =>
        await db.Shipments.VisibleTo(caller).AsNoTracking().Where(s => s.Id == query.ShipmentId)
            .Select(s => (int?)s.AllocationRequestId).FirstOrDefaultAsync(cancellationToken);
}
