using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Features.Stock;

/// <summary>Closes counting: the movements posted at each counted lot since the start are summed so the review can account for them.</summary>
public sealed record SubmitStockCount(int StockCountId) : ICommand<int>;

public sealed class SubmitStockCountHandler(SupplyTrackerDbContext db, StockLedger ledger, CallerContext caller) : ICommandHandler<SubmitStockCount, int>
{
    public async ValueTask<int> Handle(SubmitStockCount command, CancellationToken cancellationToken)
    {
        var count = await db.LoadStockCountAsync(command.StockCountId, cancellationToken);
        caller.EnsureMayActAt(count.LocationId, "id");
        var lots = count.Lines.Select(l => l.LotId).ToList();
        var submitSequence = await db.StockMovements.MaxAsync(m => (long?)m.Sequence, cancellationToken) ?? 0;
        var moved = await db.StockMovements.AsNoTracking()
            .Where(m => m.LocationId == count.LocationId && lots.Contains(m.LotId) && m.Sequence > count.StartSequence && m.Sequence <= submitSequence)
            .GroupBy(m => m.LotId)
            .Select(g => new { LotId = g.Key, Net = g.Sum(m => m.Quantity) })
            .ToDictionaryAsync(x => x.LotId, x => x.Net, cancellationToken);
        count.Submit(moved, submitSequence, ledger.User, ledger.Now);
        await db.SaveChangesAsync(cancellationToken);
        return count.Version;
    }
}

public static class StockCountLoading
{
    public static async Task<StockCount> LoadStockCountAsync(this SupplyTrackerDbContext db, int id, CancellationToken cancellationToken) =>
        await db.StockCounts.AsSplitQuery().Include(c => c.Lines).ThenInclude(l => l.Lot).FirstOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new NotFoundException(nameof(StockCount), id);
}
