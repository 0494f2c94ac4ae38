using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Features.Stock;

public enum AdjustmentDecision { Approve, Reject }

/// <summary>
/// Logistics approves (the stock posts now) or rejects (nothing posts) an adjustment that waits for approval. A station
/// caller cannot decide, and nobody decides an adjustment they recorded themselves.
/// </summary>
public sealed record DecideAdjustment(int AdjustmentId, AdjustmentDecision Decision, string? Reason) : ICommand<AdjustmentDecided>;

public sealed record AdjustmentDecided(int AdjustmentId, AdjustmentStatus Status, long? MovementId);

public sealed class DecideAdjustmentValidator : AbstractValidator<DecideAdjustment>
{
    public DecideAdjustmentValidator()
    {
        RuleFor(c => c.Decision).IsInEnum();
        RuleFor(c => c.Reason).NotEmpty().When(c => c.Decision == AdjustmentDecision.Reject).WithCode(ErrorCodes.FieldRequired);
        RuleFor(c => c.Reason).Note();
    }
}

public sealed class DecideAdjustmentHandler(SupplyTrackerDbContext db, StockLedger ledger, CallerContext caller)
    : ICommandHandler<DecideAdjustment, AdjustmentDecided>
{
    public async ValueTask<AdjustmentDecided> Handle(DecideAdjustment command, CancellationToken cancellationToken)
    {
        var adjustment = await db.StockAdjustments.Include(a => a.Lot).FirstOrDefaultAsync(a => a.Id == command.AdjustmentId, cancellationToken)
            ?? throw new NotFoundException(nameof(StockAdjustment), command.AdjustmentId);
        if (caller.StationLocationId is not null)
            throw new ForbiddenException("id", ErrorCodes.AdjustmentStationDecides);
        if (command.Decision == AdjustmentDecision.Reject)
        {
            adjustment.Reject(ledger.User, ledger.Now, command.Reason!);
            await db.SaveChangesAsync(cancellationToken);
            return new AdjustmentDecided(adjustment.Id, adjustment.Status, null);
        }
        adjustment.Approve(ledger.User, ledger.Now);
        var movement = await AdjustStockHandler.PostAsync(db, ledger, adjustment, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new AdjustmentDecided(adjustment.Id, adjustment.Status, movement.Id);
    }
}
