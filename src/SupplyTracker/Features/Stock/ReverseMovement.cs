using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Features.Stock;

/// <summary>
/// Undoes a wrong posting: the exact opposite movement(s), each a <see cref="MovementKind.Reversal"/> linked to the one it
/// undoes, with the reason. A transfer is undone on both sides. Refused when the stock the reversal takes back is no
/// longer available (issued, reserved, quarantined), when the movement was already reversed, or when it is a reversal.
/// </summary>
public sealed record ReverseMovement(long MovementId, string? Reason) : ICommand<MovementReversed>;

public sealed record MovementReversed(long MovementId, IReadOnlyList<long> ReversalIds);

public sealed class ReverseMovementValidator : AbstractValidator<ReverseMovement>
{
    public ReverseMovementValidator()
    {
        RuleFor(c => c.Reason).NotEmpty().WithCode(ErrorCodes.FieldRequired)
            .MaximumLength(StockMovement.ReasonMaxLength).Note();
    }
}

public sealed class ReverseMovementHandler(SupplyTrackerDbContext db, StockLedger ledger) : ICommandHandler<ReverseMovement, MovementReversed>
{
    public async ValueTask<MovementReversed> Handle(ReverseMovement command, CancellationToken cancellationToken)
    {
        var movement = await db.StockMovements.Include(m => m.Lot).FirstOrDefaultAsync(m => m.Id == command.MovementId, cancellationToken)
            ?? throw new NotFoundException(nameof(StockMovement), command.MovementId);
        if (movement.Kind == MovementKind.Reversal)
            throw new DomainRuleException("id", ErrorCodes.MovementReversalNotReversible, movement.Id);
        if (!movement.IsReversible)
            throw new DomainRuleException("id", ErrorCodes.MovementNotReversible, movement.Kind);

        var legs = new List<StockMovement> { movement };
        if (movement.HasPartnerLeg)
            legs.AddRange(await db.StockMovements.Include(m => m.Lot)
                .Where(m => m.ReferenceType == movement.ReferenceType && m.ReferenceId == movement.ReferenceId && m.Id != movement.Id)
                .ToListAsync(cancellationToken));
        var legIds = legs.Select(l => l.Id).ToList();
        var reversed = await db.StockMovements.AsNoTracking()
            .Where(m => m.Kind == MovementKind.Reversal && m.ReferenceType == MovementReference.StockMovement && legIds.Contains(m.ReferenceId))
            .Select(m => new { m.Id, m.ReferenceId })
            .FirstOrDefaultAsync(cancellationToken);
        if (reversed is not null)
            throw new DomainRuleException("id", ErrorCodes.MovementAlreadyReversed, reversed.ReferenceId, reversed.Id);

        // Take back first (the legs that added stock), so a refusal names the stock in the way before anything is posted.
        var reversals = new List<StockMovement>();
        foreach (var leg in legs.OrderByDescending(l => l.Quantity))
        {
            if (leg.Quantity > 0)
                await EnsureStillThereAsync(leg, cancellationToken);
            reversals.Add(await ledger.PostAsync(leg.LocationId, leg.Lot, -leg.Quantity, leg.Status, MovementKind.Reversal,
                MovementReference.StockMovement, leg.Id, command.Reason, cancellationToken));
        }
        await db.SaveChangesAsync(cancellationToken);
        return new MovementReversed(movement.Id, [.. reversals.OrderBy(r => r.ReferenceId == movement.Id ? 0 : 1).Select(r => r.Id)]);
    }

    private async Task EnsureStillThereAsync(StockMovement leg, CancellationToken cancellationToken)
    {
        var balance = await ledger.BalanceAsync(leg.LocationId, leg.Lot, cancellationToken);
        var location = await db.Locations.AsNoTracking().Where(l => l.Id == leg.LocationId).Select(l => l.Code).FirstAsync(cancellationToken);
        var there = leg.Status == StockStatus.Quarantined ? balance.QuantityQuarantined : balance.QuantityAvailable;
        if (there >= leg.Quantity) return;
        throw leg.Status == StockStatus.Quarantined
            ? new DomainRuleException("id", ErrorCodes.MovementQuarantineMovedOn, leg.Id, leg.Quantity, leg.Lot.LotNumber, location, there)
            : new DomainRuleException("id", ErrorCodes.MovementStockMovedOn, leg.Id, leg.Quantity, leg.Lot.LotNumber, location, there,
                balance.QuantityOnHand, balance.QuantityReserved, balance.QuantityQuarantined);
    }
}
