using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Features.Stock;

/// <summary>Counts, newest first, with the locations a new one may be started for; a Station caller sees its own location only.</summary>
public sealed record ListStockCounts : IQuery<StockCountList>;

public sealed record StockCountList(IReadOnlyList<StockCountRow> Counts, IReadOnlyList<Location> Locations);

public sealed record StockCountRow(int Id, int LocationId, StockCountStatus Status, string StartedBy, DateTime StartedAt, string? SubmittedBy,
    string? ApprovedBy, int Lines, int Counted);

public sealed class ListStockCountsHandler(SupplyTrackerDbContext db, CallerContext caller) : IQueryHandler<ListStockCounts, StockCountList>
{
    public async ValueTask<StockCountList> Handle(ListStockCounts query, CancellationToken cancellationToken)
    {
        var station = caller.StationLocationId;
        var counts = await db.StockCounts.AsNoTracking()
            .Where(c => station == null || c.LocationId == station)
            .OrderByDescending(c => c.Id).Take(100)
            .Select(c => new StockCountRow(c.Id, c.LocationId, c.Status, c.StartedBy, c.StartedAt, c.SubmittedBy, c.ApprovedBy,
                c.Lines.Count, c.Lines.Count(l => l.CountedQuantity != null)))
            .ToListAsync(cancellationToken);
        var locations = await db.Locations.AsNoTracking().Where(l => station == null || l.Id == station)
            .OrderBy(l => l.Kind != LocationKind.Warehouse).ThenBy(l => l.Code).ToListAsync(cancellationToken);
        return new StockCountList(counts, locations);
    }
}
