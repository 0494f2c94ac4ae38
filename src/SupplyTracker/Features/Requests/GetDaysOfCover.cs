using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Features.Requests;

/// <summary>Per item at one location: usable stock, daily need and how many days that stock lasts.</summary>
public sealed record GetDaysOfCover(int LocationId) : IQuery<IReadOnlyList<ItemCover>>;

public sealed record ItemCover(int ItemId, string ItemCode, long QuantityAvailable, decimal DailyNeed, NeedBasis NeedBasis, decimal? DaysOfCover);

public sealed class GetDaysOfCoverHandler(SupplyTrackerDbContext db, StockCover cover) : IQueryHandler<GetDaysOfCover, IReadOnlyList<ItemCover>>
{
    public async ValueTask<IReadOnlyList<ItemCover>> Handle(GetDaysOfCover query, CancellationToken cancellationToken)
    {
        if (!await db.Locations.AnyAsync(l => l.Id == query.LocationId, cancellationToken))
            throw new NotFoundException(nameof(Location), query.LocationId);
        var needs = await cover.DailyNeedsAsync(cancellationToken);
        var available = await cover.AvailableAsync(cancellationToken);
        var items = await db.Items.AsNoTracking().OrderBy(i => i.Code).ToListAsync(cancellationToken);

        var result = new List<ItemCover>();
        foreach (var item in items)
        {
            var key = (query.LocationId, item.Id);
            var stock = available.GetValueOrDefault(key);
            var need = needs.GetValueOrDefault(key) ?? new DailyNeed(0, NeedBasis.UseRate);
            if (stock == 0 && need.Quantity == 0) continue;
            result.Add(new ItemCover(item.Id, item.Code, stock, need.Quantity, need.Basis, StockCover.DaysOfCover(stock, need.Quantity)));
        }
        return result;
    }
}
