using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Features.Stock;

/// <summary>
/// One count with its lines. Blind while open: book, movements during the count, expected and variance are null until
/// the count is submitted. A Station caller sees only counts of its own location (else not found).
/// </summary>
public sealed record GetStockCount(int StockCountId) : IQuery<StockCountView>;

public sealed record StockCountView(int Id, int LocationId, string LocationCode, string LocationName, string LocationNameZhHans, string LocationNameEn,
    StockCountStatus Status, string? Note, string StartedBy, DateTime StartedAt, string? SubmittedBy, DateTime? SubmittedAt,
    string? ApprovedBy, DateTime? ApprovedAt, int Version, IReadOnlyList<StockCountLineView> Lines);

public sealed record StockCountLineView(int Id, int ItemId, string ItemCode, string ItemName, string ItemNameZhHans, string ItemNameEn, string BaseUnit,
    string LotNumber, DateOnly? ExpiresOn, long? CountedQuantity, long? BookAtStart, long? MovedDuringCount, long? Expected, long? Variance);

public sealed class GetStockCountHandler(SupplyTrackerDbContext db, CallerContext caller) : IQueryHandler<GetStockCount, StockCountView>
{
    public async ValueTask<StockCountView> Handle(GetStockCount query, CancellationToken cancellationToken)
    {
        var station = caller.StationLocationId;
        var count = await db.StockCounts.AsNoTracking().AsSplitQuery().Include(c => c.Lines).ThenInclude(l => l.Lot).ThenInclude(l => l.Item)
            .Where(c => c.Id == query.StockCountId && (station == null || c.LocationId == station))
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException(nameof(StockCount), query.StockCountId);
        var location = await db.Locations.AsNoTracking().FirstAsync(l => l.Id == count.LocationId, cancellationToken);
        var blind = count.Status == StockCountStatus.Open;
        var lines = count.Lines.OrderBy(l => l.Lot.Item.Code).ThenBy(l => l.Lot.ExpiresOn).ThenBy(l => l.Id)
            .Select(l => new StockCountLineView(l.Id, l.ItemId, l.Lot.Item.Code, l.Lot.Item.NameZhHant, l.Lot.Item.NameZhHans, l.Lot.Item.NameEn,
                l.Lot.Item.BaseUnit, l.Lot.LotNumber, l.Lot.ExpiresOn, l.CountedQuantity,
                blind ? null : l.BookAtStart, l.MovedDuringCount, l.Expected, l.Variance))
            .ToList();
        return new StockCountView(count.Id, count.LocationId, location.Code, location.Name, location.NameZhHans, location.NameEn, count.Status, count.Note,
            count.StartedBy, count.StartedAt, count.SubmittedBy, count.SubmittedAt, count.ApprovedBy, count.ApprovedAt, count.Version, lines);
    }
}
