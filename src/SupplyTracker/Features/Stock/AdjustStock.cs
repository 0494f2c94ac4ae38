using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Features.Stock;

/// <summary>
/// Records a change of stock found by counting or by accident. Quantity is signed: Damaged, Lost and Expired remove
/// (negative), Found adds (positive), CountCorrection either way. Expired applies only to a lot past its expiry and
/// takes the stock from quarantine first, then from usable stock. Stock a station adds above
/// <see cref="StockOptions.StationAdjustmentApprovalThreshold"/> waits for logistics (<see cref="DecideAdjustment"/>).
/// </summary>
public sealed record AdjustStock(int LocationId, int ItemId, string? LotNumber, DateOnly? ExpiresOn, decimal Quantity, AdjustmentReason Reason, string? Note)
    : ICommand<StockAdjusted>, IAtLocation;

/// <summary>Configuration section "Stock".</summary>
public sealed class StockOptions
{
    public const string Section = "Stock";

    /// <summary>A station's Found or positive CountCorrection larger than this waits for logistics' approval; 0: every one waits.</summary>
    public long StationAdjustmentApprovalThreshold { get; set; }
}

/// <summary>The adjustment, and its movement (0 while it waits for approval).</summary>
public sealed record StockAdjusted(int AdjustmentId, long MovementId, AdjustmentStatus Status = AdjustmentStatus.Posted);

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

public sealed class AdjustStockHandler(SupplyTrackerDbContext db, StockLedger ledger, LotCatalog lots, CallerContext caller,
    DeploymentTime time, IOptions<StockOptions> options) : ICommandHandler<AdjustStock, StockAdjusted>
{
    public async ValueTask<StockAdjusted> Handle(AdjustStock command, CancellationToken cancellationToken)
    {
        var item = await db.Items.GetAsync(command.ItemId, cancellationToken);
        var quantity = (long)command.Quantity;
        var today = time.Today;
        // Stock can only leave a lot that exists; found stock may bring a lot not seen before.
        var lot = quantity > 0
            ? await lots.ResolveAsync(item, command.LotNumber, command.ExpiresOn, cancellationToken)
            : await lots.FindAsync(item.Id, command.LotNumber, cancellationToken);
        if (quantity > 0 && lot.IsExpiredOn(today))
            throw new DomainRuleException("expiresOn", ErrorCodes.StockExpiredNotAvailable);
        if (command.Reason == AdjustmentReason.Expired && !lot.IsExpiredOn(today))
            throw lot.ExpiresOn is { } on
                ? new DomainRuleException("reason", ErrorCodes.AdjustmentNotExpired, lot.LotNumber, on)
                : new DomainRuleException("reason", ErrorCodes.AdjustmentNoExpiry, item.Code);

        var awaitsApproval = caller.StationLocationId is not null && quantity > 0 && quantity > options.Value.StationAdjustmentApprovalThreshold;
        var adjustment = new StockAdjustment(command.LocationId, lot, quantity, command.Reason, command.Note, ledger.User, ledger.Now, awaitsApproval);
        db.StockAdjustments.Add(adjustment);
        await db.SaveChangesAsync(cancellationToken);
        if (awaitsApproval)
            return new StockAdjusted(adjustment.Id, 0, AdjustmentStatus.Pending);

        var movement = await PostAsync(db, ledger, adjustment, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new StockAdjusted(adjustment.Id, movement.Id);
    }

    /// <summary>The movement(s) of an adjustment; an expired write-off empties quarantine before usable stock. Returns the last.</summary>
    internal static async Task<StockMovement> PostAsync(SupplyTrackerDbContext db, StockLedger ledger, StockAdjustment adjustment, CancellationToken cancellationToken)
    {
        var reason = adjustment.Reason.ToString();
        if (adjustment.Reason == AdjustmentReason.Expired)
        {
            var balance = await ledger.BalanceAsync(adjustment.LocationId, adjustment.Lot, cancellationToken);
            var fromQuarantine = Math.Min(balance.QuantityQuarantined, -adjustment.Quantity);
            var fromUsable = -adjustment.Quantity - fromQuarantine;
            StockMovement? last = null;
            if (fromQuarantine > 0)
                last = await ledger.PostAsync(adjustment.LocationId, adjustment.Lot, -fromQuarantine, StockStatus.Quarantined, adjustment.MovementKind,
                    MovementReference.StockAdjustment, adjustment.Id, reason, cancellationToken);
            if (fromUsable > 0)
                last = await ledger.PostAsync(adjustment.LocationId, adjustment.Lot, -fromUsable, StockStatus.Usable, adjustment.MovementKind,
                    MovementReference.StockAdjustment, adjustment.Id, reason, cancellationToken);
            return last!;
        }
        return await ledger.PostAsync(adjustment.LocationId, adjustment.Lot, adjustment.Quantity, StockStatus.Usable, adjustment.MovementKind,
            MovementReference.StockAdjustment, adjustment.Id, reason, cancellationToken);
    }
}
