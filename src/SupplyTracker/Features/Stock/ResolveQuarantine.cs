using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features.Stock;

public enum QuarantineResolution { Release, WriteOff }

/// <summary>
/// Ends the quarantine of stock held at a location that no donation line explains any more (e.g. goods a station
/// rejected at delivery, back at the warehouse): released stock becomes usable, written-off stock leaves the books.
/// </summary>
public sealed record ResolveQuarantine(long StockBalanceId, decimal Quantity, QuarantineResolution Outcome, string? Reason)
    : ICommand<QuarantineResolved>;

public sealed record QuarantineResolved(long StockBalanceId, IReadOnlyList<long> MovementIds);

public sealed class ResolveQuarantineValidator : AbstractValidator<ResolveQuarantine>
{
    public ResolveQuarantineValidator()
    {
        RuleFor(c => c.Quantity).WholeQuantity();
        RuleFor(c => c.Outcome).IsInEnum();
        RuleFor(c => c.Reason).NotEmpty().WithCode(ErrorCodes.ReasonRequired).Note();
    }
}

public sealed class ResolveQuarantineHandler(SupplyTrackerDbContext db, CallerContext caller, StockLedger ledger) : ICommandHandler<ResolveQuarantine, QuarantineResolved>
{
    public async ValueTask<QuarantineResolved> Handle(ResolveQuarantine command, CancellationToken cancellationToken)
    {
        var balance = await db.StockBalances.VisibleTo(caller).Include(b => b.Lot).FirstOrDefaultAsync(b => b.Id == command.StockBalanceId, cancellationToken)
            ?? throw new NotFoundException(nameof(StockBalance), command.StockBalanceId);
        var quantity = (long)command.Quantity;
        if (quantity > balance.QuantityQuarantined)
            throw new DomainRuleException("quantity", ErrorCodes.StockInsufficientToResolve, balance.QuantityQuarantined, quantity);
        if (command.Outcome == QuarantineResolution.Release && balance.Lot.IsExpiredOn(ledger.Today))
            throw new DomainRuleException("outcome", ErrorCodes.StockExpiredWriteOff, balance.Lot.LotNumber, balance.Lot.ExpiresOn);

        var reason = command.Reason!.Trim();
        var code = reason.Length <= 32 ? reason : reason[..32];
        var movements = new List<StockMovement>
        {
            await ledger.PostAsync(balance.LocationId, balance.Lot, -quantity, StockStatus.Quarantined,
                command.Outcome == QuarantineResolution.Release ? MovementKind.QuarantineReleased : MovementKind.QuarantineRejected,
                MovementReference.StockBalance, balance.Id, code, cancellationToken),
        };
        if (command.Outcome == QuarantineResolution.Release)
            movements.Add(await ledger.PostAsync(balance.LocationId, balance.Lot, quantity, StockStatus.Usable, MovementKind.QuarantineReleased,
                MovementReference.StockBalance, balance.Id, code, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
        return new QuarantineResolved(balance.Id, [.. movements.Select(m => m.Id)]);
    }
}
