using FluentValidation;
using Mediator;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Features.Stock;

/// <summary>
/// Records a change of stock found by counting or by accident. Quantity is signed: Damaged, Lost and Expired remove
/// (negative), Found adds (positive), CountCorrection either way.
/// </summary>
public sealed record AdjustStock(int LocationId, int ItemId, string? LotNumber, DateOnly? ExpiresOn, decimal Quantity, AdjustmentReason Reason, string? Note)
    : ICommand<StockAdjusted>, IAtLocation;

public sealed record StockAdjusted(int AdjustmentId, long MovementId);

public sealed class AdjustStockValidator : AbstractValidator<AdjustStock>
{
    public AdjustStockValidator(SupplyTrackerDbContext db)
    {
        RuleFor(c => c.LocationId).Exists<AdjustStock, Location>(db);
        RuleFor(c => c.ItemId).Exists<AdjustStock, Item>(db);
        RuleFor(c => c.LotNumber).LotNumber();
        RuleFor(c => c.Reason).IsInEnum();
        RuleFor(c => c.Note).Note();
        RuleFor(c => c.Quantity)
            .NotEqual(0).WithCode(ErrorCodes.FieldNotZero)
            .Must(q => Math.Abs(q) <= Quantity.Max).WithCode(ErrorCodes.StockAdjustmentSize, Quantity.Max)
            .Must(q => q == decimal.Truncate(q)).WithCode(ErrorCodes.FieldWholeNumber);
        // Separate rules: a chained When() would also switch off the range and whole-number checks above it.
        RuleFor(c => c.Quantity)
            .Must(q => q < 0).When(c => c.Reason is AdjustmentReason.Damaged or AdjustmentReason.Lost or AdjustmentReason.Expired)
            .WithCode(ErrorCodes.StockAdjustmentRemoves, (c, _) => [c.Reason]);
        RuleFor(c => c.Quantity)
            .Must(q => q > 0).When(c => c.Reason is AdjustmentReason.Found)
            .WithCode(ErrorCodes.StockAdjustmentAdds, AdjustmentReason.Found);
    }
}

public sealed class AdjustStockHandler(SupplyTrackerDbContext db, StockLedger ledger, LotCatalog lots) : ICommandHandler<AdjustStock, StockAdjusted>
{
    public async ValueTask<StockAdjusted> Handle(AdjustStock command, CancellationToken cancellationToken)
    {
        var item = await db.Items.GetAsync(command.ItemId, cancellationToken);
        var quantity = (long)command.Quantity;
        // Stock can only leave a lot that exists; found stock may bring a lot not seen before.
        var lot = quantity > 0
            ? await lots.ResolveAsync(item, command.LotNumber, command.ExpiresOn, cancellationToken)
            : await lots.FindAsync(item.Id, command.LotNumber, cancellationToken);
        if (quantity > 0 && lot.IsExpiredOn(ledger.Today))
            throw new DomainRuleException("expiresOn", ErrorCodes.StockExpiredNotAvailable);

        var adjustment = new StockAdjustment(command.LocationId, lot, quantity, command.Reason, command.Note, ledger.User, ledger.Now);
        db.StockAdjustments.Add(adjustment);
        await db.SaveChangesAsync(cancellationToken);

        var movement = await ledger.PostAsync(command.LocationId, lot, quantity, StockStatus.Usable, adjustment.MovementKind,
            MovementReference.StockAdjustment, adjustment.Id, command.Reason.ToString(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new StockAdjusted(adjustment.Id, movement.Id);
    }
}
