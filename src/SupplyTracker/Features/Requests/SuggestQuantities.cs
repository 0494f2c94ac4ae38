using Mediator;
using Microsoft.Extensions.Options;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Stock;

namespace SupplyTracker.Features.Requests;

/// <summary>
/// For each line, the quantity that brings the requesting station to the days of cover the other stations have:
/// target = Σ available(others) / Σ daily need(others); suggested = ⌈target × need(station) − available(station)⌉,
/// never below 0 nor above what was requested or what the warehouse can allocate for this request. Without a basis
/// (no other station uses the item, or the station's own need is 0) the suggestion is the requested quantity,
/// capped the same way.
/// </summary>
public sealed record SuggestQuantities(int RequestId) : IQuery<IReadOnlyList<LineSuggestion>>;

public sealed record LineSuggestion(int LineId, int ItemId, long QuantityRequested, long QuantitySuggested, long WarehouseAvailable,
    decimal DailyNeed, decimal? DaysOfCoverNow, decimal? TargetDaysOfCover);

public sealed class SuggestQuantitiesHandler(SupplyTrackerDbContext db, StockCover cover, StockLedger ledger, IOptions<AllocationOptions> options)
    : IQueryHandler<SuggestQuantities, IReadOnlyList<LineSuggestion>>
{
    public async ValueTask<IReadOnlyList<LineSuggestion>> Handle(SuggestQuantities query, CancellationToken cancellationToken)
    {
        var request = await db.LoadRequestAsync(query.RequestId, null, cancellationToken);
        var needs = await cover.DailyNeedsAsync(cancellationToken);
        var available = await cover.AvailableAsync(cancellationToken);
        var others = db.Locations.Where(l => l.Kind != LocationKind.Warehouse && l.Id != request.RequestingLocationId).Select(l => l.Id).ToList();
        var cutoff = request.NeededBy.AddDays(options.Value.ExpiryMarginDays);

        var result = new List<LineSuggestion>();
        foreach (var line in request.Lines)
        {
            var warehouse = (await ledger.UsableBalancesFefoAsync(request.SourceLocationId, line.ItemId, cancellationToken))
                .Where(b => b.Lot.IsEligibleFor(ledger.Today, cutoff)).Sum(b => b.QuantityAvailable);
            var need = needs.GetValueOrDefault((request.RequestingLocationId, line.ItemId))?.Quantity ?? 0;
            var stock = available.GetValueOrDefault((request.RequestingLocationId, line.ItemId));
            var othersNeed = others.Sum(o => needs.GetValueOrDefault((o, line.ItemId))?.Quantity ?? 0);
            var othersStock = others.Where(o => needs.ContainsKey((o, line.ItemId))).Sum(o => available.GetValueOrDefault((o, line.ItemId)));
            decimal? target = othersNeed > 0 ? Math.Round(othersStock / othersNeed, 1) : null;

            var wanted = target is { } days && need > 0
                ? (long)Math.Max(0, Math.Ceiling(othersStock / othersNeed * need - stock))
                : line.QuantityRequested;
            var suggested = Math.Min(wanted, Math.Min(line.QuantityRequested, warehouse));
            result.Add(new LineSuggestion(line.Id, line.ItemId, line.QuantityRequested, suggested, warehouse, need,
                StockCover.DaysOfCover(stock, need), target));
        }
        return result;
    }
}
