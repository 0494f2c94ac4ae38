using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features.Stock;

/// <summary>Moves usable stock of one lot between two locations: one transaction, two movements.</summary>
/// <param name="DirectedToLocationId">Names the directed lot of that number (stock a donor directed to that location); null the undirected lot.</param>
/// <param name="OverrideReason">Why an administrator sends directed stock somewhere other than its location; published in the disclosure log.</param>
public sealed record TransferStock(int FromLocationId, int ToLocationId, int ItemId, string? LotNumber, decimal Quantity, string? Note,
    int? DirectedToLocationId = null, string? OverrideReason = null)
    : ICommand<StockTransferred>;

public sealed record StockTransferred(int TransferId, long OutMovementId, long InMovementId);

public sealed class TransferStockValidator : AbstractValidator<TransferStock>
{
    public TransferStockValidator(SupplyTrackerDbContext db)
    {
        RuleFor(c => c.FromLocationId).Exists<TransferStock, Location>(db);
        RuleFor(c => c.ToLocationId).Exists<TransferStock, Location>(db)
            .NotEqual(c => c.FromLocationId).WithCode(ErrorCodes.FieldDiffers, "From Location Id");
        RuleFor(c => c.ItemId).Exists<TransferStock, Item>(db);
        RuleFor(c => c.LotNumber).LotNumber();
        RuleFor(c => c.Quantity).WholeQuantity();
        RuleFor(c => c.Note).Note();
        RuleFor(c => c.OverrideReason).MaximumLength(Lot.MaxOverrideReasonLength).WithCode(ErrorCodes.FieldTooLong, Lot.MaxOverrideReasonLength).PlainText();
    }
}

public sealed class TransferStockHandler(SupplyTrackerDbContext db, StockLedger ledger, LotCatalog lots, CallerContext caller)
    : ICommandHandler<TransferStock, StockTransferred>
{
    public async ValueTask<StockTransferred> Handle(TransferStock command, CancellationToken cancellationToken)
    {
        var lot = await lots.FindAsync(command.ItemId, command.LotNumber, cancellationToken, command.DirectedToLocationId);
        var overrideReason = lot.EnsureMayMoveTo(command.ToLocationId, caller.IsInRole(Roles.Admin), command.OverrideReason);
        var destination = await db.Locations.AsNoTracking().FirstAsync(l => l.Id == command.ToLocationId, cancellationToken);
        // Expired goods may only go back to a warehouse (for disposal), never out to the front line.
        if (lot.IsExpiredOn(ledger.Today) && destination.Kind != LocationKind.Warehouse)
            throw new DomainRuleException("lotNumber", ErrorCodes.StockExpiredToWarehouse, lot.LotNumber, lot.ExpiresOn);

        var quantity = (long)command.Quantity;
        var transfer = new Transfer(command.FromLocationId, command.ToLocationId, lot, quantity, command.Note, ledger.User, ledger.Now, overrideReason);
        db.Transfers.Add(transfer);
        await db.SaveChangesAsync(cancellationToken);

        var @out = await ledger.PostAsync(command.FromLocationId, lot, -quantity, StockStatus.Usable, MovementKind.TransferOut,
            MovementReference.Transfer, transfer.Id, null, cancellationToken);
        var @in = await ledger.PostAsync(command.ToLocationId, lot, quantity, StockStatus.Usable, MovementKind.TransferIn,
            MovementReference.Transfer, transfer.Id, null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new StockTransferred(transfer.Id, @out.Id, @in.Id);
    }
}
