using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Features.Stock;

/// <summary>
/// Writes off every lot at a location that is past its expiry, usable and quarantined alike, as one Expired adjustment
/// per lot in one command. Reserved stock stays: it belongs to a request, which is cancelled first.
/// </summary>
public sealed record WriteOffExpired(int LocationId, string? Note) : ICommand<IReadOnlyList<ExpiredLotWrittenOff>>, IAtLocation;

public sealed record ExpiredLotWrittenOff(int AdjustmentId, int ItemId, string ItemCode, string LotNumber, DateOnly ExpiresOn, long Quantity);

public sealed class WriteOffExpiredValidator : AbstractValidator<WriteOffExpired>
{
    public WriteOffExpiredValidator(SupplyTrackerDbContext db)
    {
        RuleFor(c => c.LocationId).Exists<WriteOffExpired, Location>(db);
        RuleFor(c => c.Note).Note();
    }
}

public sealed class WriteOffExpiredHandler(SupplyTrackerDbContext db, StockLedger ledger, DeploymentTime time)
    : ICommandHandler<WriteOffExpired, IReadOnlyList<ExpiredLotWrittenOff>>
{
    public async ValueTask<IReadOnlyList<ExpiredLotWrittenOff>> Handle(WriteOffExpired command, CancellationToken cancellationToken)
    {
        var today = time.Today;
        var balances = await db.StockBalances.Include(b => b.Lot).ThenInclude(l => l.Item)
            .Where(b => b.LocationId == command.LocationId && b.Lot.ExpiresOn != null && b.Lot.ExpiresOn < today
                && b.QuantityOnHand - b.QuantityReserved > 0)
            .OrderBy(b => b.Lot.ExpiresOn).ThenBy(b => b.LotId)
            .ToListAsync(cancellationToken);
        var adjustments = new List<StockAdjustment>();
        foreach (var balance in balances)
        {
            var adjustment = new StockAdjustment(command.LocationId, balance.Lot, -(balance.QuantityOnHand - balance.QuantityReserved),
                AdjustmentReason.Expired, command.Note, ledger.User, ledger.Now);
            db.StockAdjustments.Add(adjustment);
            adjustments.Add(adjustment);
        }
        await db.SaveChangesAsync(cancellationToken);
        foreach (var adjustment in adjustments)
            await AdjustStockHandler.PostAsync(db, ledger, adjustment, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return [.. adjustments.Select(a => new ExpiredLotWrittenOff(a.Id, a.ItemId, a.Lot.Item.Code, a.Lot.LotNumber, a.Lot.ExpiresOn!.Value, -a.Quantity))];
    }
}
