using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;
using SupplyTracker.Features.Stock;

namespace SupplyTracker.Features.Requests;

/// <summary>
/// For each line, the quantity that brings the requesting station to the days of cover every station would have if
/// the warehouse's stock were shared out evenly (water-filling): the level D is the one where
/// Σ over stations of max(0, D × need − available) equals what the warehouse can allocate for this request; stations
/// already above D keep their stock and are left out. Suggested = ⌈D × need − available⌉ for the requesting station,
/// at least 0 and at most the requested quantity and the warehouse's stock. With no daily need to go by, the
/// suggestion is the requested quantity, capped the same way.
/// </summary>
public sealed record SuggestQuantities(int RequestId) : IQuery<IReadOnlyList<LineSuggestion>>;

public sealed record LineSuggestion(int LineId, int ItemId, long QuantityRequested, long QuantitySuggested, long WarehouseAvailable,
    decimal DailyNeed, decimal? DaysOfCoverNow, decimal? TargetDaysOfCover);

public sealed class SuggestQuantitiesHandler(SupplyTrackerDbContext db, CallerContext caller, StockCover cover, StockLedger ledger, IOptions<AllocationOptions> options)
    : IQueryHandler<SuggestQuantities, IReadOnlyList<LineSuggestion>>
{
    public async ValueTask<IReadOnlyList<LineSuggestion>> Handle(SuggestQuantities query, CancellationToken cancellationToken)
    {
        var request = await db.AllocationRequests.VisibleTo(caller).AsNoTracking().Include(r => r.Lines)
            .FirstOrDefaultAsync(r => r.Id == query.RequestId, cancellationToken)
            ?? throw new NotFoundException(nameof(AllocationRequest), query.RequestId);
        var needs = await cover.DailyNeedsAsync(cancellationToken);
        var available = await cover.AvailableAsync(cancellationToken);
        var stations = await db.Locations.Where(l => l.Kind != LocationKind.Warehouse).Select(l => l.Id).ToListAsync(cancellationToken);
        var cutoff = request.NeededBy.AddDays(options.Value.ExpiryMarginDays);

        var result = new List<LineSuggestion>();
        foreach (var line in request.Lines.OrderBy(l => l.LineNumber))
        {
            var warehouse = (await ledger.UsableBalancesFefoAsync(request.SourceLocationId, line.ItemId, cancellationToken, request.RequestingLocationId))
                .Where(b => b.Lot.IsEligibleFor(ledger.Today, cutoff)).Sum(b => b.QuantityAvailable);
            var need = needs.GetValueOrDefault((request.RequestingLocationId, line.ItemId))?.Quantity ?? 0;
            var stock = available.GetValueOrDefault((request.RequestingLocationId, line.ItemId));
            var stationCover = stations
                .Select(s => (Need: needs.GetValueOrDefault((s, line.ItemId))?.Quantity ?? 0, Stock: available.GetValueOrDefault((s, line.ItemId))))
                .Where(s => s.Need > 0).ToList();
            var level = need > 0 ? EvenLevel(warehouse, stationCover) : null;

            var wanted = level is { } days ? (long)Math.Max(0, Math.Ceiling(days * need - stock)) : line.QuantityRequested;
            var suggested = Math.Min(wanted, Math.Min(line.QuantityRequested, warehouse));
            result.Add(new LineSuggestion(line.Id, line.ItemId, line.QuantityRequested, suggested, warehouse, need,
                StockCover.DaysOfCover(stock, need), level is { } d ? Math.Round(d, 1) : null));
        }
        return result;
    }

    /// <summary>The days of cover D at which the pool tops up every station below D exactly to D.</summary>
    internal static decimal? EvenLevel(long pool, IReadOnlyList<(decimal Need, long Stock)> stations)
    {
        if (stations.Count == 0) return null;
        var filled = stations.OrderBy(s => s.Stock / s.Need).ToList();
        // Drop the best-covered stations while the level that includes them would be below their own cover.
        while (true)
        {
            var level = (pool + filled.Sum(s => s.Stock)) / filled.Sum(s => s.Need);
            var last = filled[^1];
            if (filled.Count == 1 || last.Stock / last.Need <= level) return level;
            filled.RemoveAt(filled.Count - 1);
        }
    }
}
