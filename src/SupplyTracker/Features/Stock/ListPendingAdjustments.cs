using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Features.Stock;

/// <summary>Stock additions waiting for logistics' approval, oldest first; a Station caller sees its own.</summary>
public sealed record ListPendingAdjustments : IQuery<IReadOnlyList<PendingAdjustmentRow>>;

public sealed record PendingAdjustmentRow(int Id, int LocationId, string LocationCode, string ItemCode, string ItemName, string ItemNameZhHans, string ItemNameEn,
    string BaseUnit, string LotNumber, long Quantity, AdjustmentReason Reason, string? Note, string RecordedBy, DateTime RecordedAt);

public sealed class ListPendingAdjustmentsHandler(SupplyTrackerDbContext db, CallerContext caller) : IQueryHandler<ListPendingAdjustments, IReadOnlyList<PendingAdjustmentRow>>
{
    public async ValueTask<IReadOnlyList<PendingAdjustmentRow>> Handle(ListPendingAdjustments query, CancellationToken cancellationToken)
    {
        var station = caller.StationLocationId;
        return await (from a in db.StockAdjustments.AsNoTracking()
                      where a.Status == AdjustmentStatus.Pending && (station == null || a.LocationId == station)
                      join l in db.Locations on a.LocationId equals l.Id
                      orderby a.Id
                      select new PendingAdjustmentRow(a.Id, a.LocationId, l.Code, a.Lot.Item.Code, a.Lot.Item.NameZhHant, a.Lot.Item.NameZhHans, a.Lot.Item.NameEn,
                          a.Lot.Item.BaseUnit, a.Lot.LotNumber, a.Quantity, a.Reason, a.Note, a.RecordedBy, a.RecordedAt))
            .ToListAsync(cancellationToken);
    }
}
