using Mediator;
using SupplyTracker.Data;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Features.Stock;

/// <summary>Abandons a count in progress; nothing posts and the location may be counted again.</summary>
public sealed record CancelStockCount(int StockCountId) : ICommand<int>;

public sealed class CancelStockCountHandler(SupplyTrackerDbContext db, CallerContext caller) : ICommandHandler<CancelStockCount, int>
{
    public async ValueTask<int> Handle(CancelStockCount command, CancellationToken cancellationToken)
    {
        var count = await db.LoadStockCountAsync(command.StockCountId, cancellationToken);
        caller.EnsureMayActAt(count.LocationId, "id");
        count.Cancel();
        await db.SaveChangesAsync(cancellationToken);
        return count.Version;
    }
}
