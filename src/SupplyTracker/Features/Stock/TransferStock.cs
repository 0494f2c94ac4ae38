using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Features.Stock;

/// <summary>Moves usable stock of one lot between two locations: one transaction, two movements.</summary>
public sealed record TransferStock(int FromLocationId, int ToLocationId, int ItemId, string? LotNumber, decimal Quantity, string? Note)
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
    }
}

public sealed class TransferStockHandler(SupplyTrackerDbContext db, StockLedger ledger, LotCatalog lots) : ICommandHandler<TransferStock, StockTransferred>
{
    public async ValueTask<StockTransferred> Handle(TransferStock command, CancellationToken cancellationToken)
    {
        var lot = await lots.FindAsync(command.ItemId, command.LotNumber, cancellationToken);
        var destination = await db.Locations.AsNoTracking().FirstAsync(l => l.Id == command.ToLocationId, cancellationToken);
        // Expired goods may only go back to a warehouse (for disposal), never out to the front line.
        if (lot.IsExpiredOn(ledger.Today) && destination.Kind != LocationKind.Warehouse)
            throw new DomainRuleException("lotNumber", ErrorCodes.StockExpiredToWarehouse, lot.LotNumber, lot.ExpiresOn);

        var quantity = (long)command.Quantity;
        var transfer = new Transfer(command.FromLocationId, command.ToLocationId, lot, quantity, command.Note, ledger.User, ledger.Now);
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
