using Mediator;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Features.Stock;

/// <summary>
/// A reviewer other than the one who submitted approves a count: each line's variance posts as a CountCorrection
/// adjustment movement linked to the count, all in this one command (a shortfall the stock cannot give is refused whole).
/// </summary>
public sealed record ApproveStockCount(int StockCountId) : ICommand<StockCountApproved>;

public sealed record StockCountApproved(int StockCountId, IReadOnlyList<long> CorrectionMovementIds);

public sealed class ApproveStockCountHandler(SupplyTrackerDbContext db, StockLedger ledger, CallerContext caller) : ICommandHandler<ApproveStockCount, StockCountApproved>
{
    public async ValueTask<StockCountApproved> Handle(ApproveStockCount command, CancellationToken cancellationToken)
    {
        var count = await db.LoadStockCountAsync(command.StockCountId, cancellationToken);
        if (caller.StationLocationId is not null)
            throw new ForbiddenException("id", ErrorCodes.CountStationApproves);
        count.Approve(ledger.User, ledger.Now);
        var corrections = new List<StockMovement>();
        foreach (var line in count.Lines.Where(l => l.Variance is not (null or 0)))
        {
            try
            {
                corrections.Add(await ledger.PostAsync(count.LocationId, line.Lot, line.Variance!.Value, StockStatus.Usable, MovementKind.Adjustment,
                    MovementReference.StockCount, count.Id, nameof(AdjustmentReason.CountCorrection), cancellationToken));
            }
            catch (DomainRuleException e)
            {
                // The stock rule's own words, on the line whose shortfall the stock cannot give.
                throw new DomainRuleException($"lines[{count.Lines.ToList().IndexOf(line)}].countedQuantity", e.Code, e.Values);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        return new StockCountApproved(count.Id, [.. corrections.Select(m => m.Id)]);
    }
}
