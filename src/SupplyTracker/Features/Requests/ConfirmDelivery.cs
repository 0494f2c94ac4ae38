using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Stock;

namespace SupplyTracker.Features.Requests;

/// <summary>
/// The station says, line by line, what arrived: accepted goods become usable stock at the station; rejected goods
/// go back on the warehouse's books in quarantine (not written off), so logistics can inspect them and decide.
/// Every shipped unit must be accounted for; missing goods are rejected with a reason.
/// </summary>
public sealed record ConfirmDelivery(int ShipmentId, int? ExpectedVersion, IReadOnlyList<ConfirmDelivery.Line> Lines) : ICommand<int>
{
    public sealed record Line(int LineId, decimal QuantityAccepted, decimal QuantityRejected, string? Reason);
}

public sealed class ConfirmDeliveryValidator : AbstractValidator<ConfirmDelivery>
{
    public ConfirmDeliveryValidator()
    {
        RuleFor(c => c.Lines).NotEmpty().WithMessage("Confirm at least one line.")
            .Must(l => l is null || l.Select(x => x.LineId).Distinct().Count() == l.Count).WithMessage("Each line can be confirmed only once.");
        RuleForEach(c => c.Lines).ChildRules(line =>
        {
            line.RuleFor(l => l.QuantityAccepted).GreaterThanOrEqualTo(0).LessThanOrEqualTo(Quantity.Max)
                .Must(q => q == decimal.Truncate(q)).WithMessage("'Quantity Accepted' must be a whole number.");
            line.RuleFor(l => l.QuantityRejected).GreaterThanOrEqualTo(0).LessThanOrEqualTo(Quantity.Max)
                .Must(q => q == decimal.Truncate(q)).WithMessage("'Quantity Rejected' must be a whole number.");
            line.RuleFor(l => l.Reason).NotEmpty().When(l => l.QuantityRejected > 0).WithMessage("Rejected goods need a reason.");
            line.RuleFor(l => l.Reason).MaximumLength(AllocationRequest.ReasonMaxLength).Note();
        });
    }
}

public sealed class ConfirmDeliveryHandler(SupplyTrackerDbContext db, StockLedger ledger) : ICommandHandler<ConfirmDelivery, int>
{
    public async ValueTask<int> Handle(ConfirmDelivery command, CancellationToken cancellationToken)
    {
        var shipment = await db.Shipments.Include(s => s.Lines).ThenInclude(l => l.Lot)
            .FirstOrDefaultAsync(s => s.Id == command.ShipmentId, cancellationToken)
            ?? throw new NotFoundException(nameof(Shipment), command.ShipmentId);
        if (command.ExpectedVersion is { } expected && expected != shipment.Version)
            throw new StaleVersionException(nameof(Shipment), command.ShipmentId);
        var request = await db.LoadRequestAsync(shipment.AllocationRequestId, null, cancellationToken);

        for (var i = 0; i < command.Lines.Count; i++)
        {
            var confirmation = command.Lines[i];
            var accepted = (long)confirmation.QuantityAccepted;
            var rejected = (long)confirmation.QuantityRejected;
            var line = shipment.Lines.FirstOrDefault(l => l.Id == confirmation.LineId)
                ?? throw new DomainValidationException($"lines[{i}].lineId", $"Line {confirmation.LineId} is not part of shipment {shipment.Number}.");
            try
            {
                shipment.Confirm(line, accepted, rejected, confirmation.Reason, ledger.User, ledger.Now);
                request.Line(line.AllocationRequestLineId).RecordDelivery(accepted, rejected, confirmation.Reason?.Trim());
            }
            catch (DomainRuleException e)
            {
                throw new DomainRuleException($"lines[{i}].{e.Field}", e.Message);
            }

            if (accepted > 0)
                await ledger.PostAsync(shipment.ToLocationId, line.Lot, accepted, StockStatus.Usable, MovementKind.DeliveryAccepted,
                    MovementReference.Shipment, shipment.Id, null, cancellationToken);
            if (rejected > 0)
                await ledger.PostAsync(shipment.FromLocationId, line.Lot, rejected, StockStatus.Quarantined, MovementKind.DeliveryRejected,
                    MovementReference.Shipment, shipment.Id, confirmation.Reason, cancellationToken);
        }

        if (shipment.Status == ShipmentStatus.Delivered)
            request.MarkDelivered();
        else
            request.Touch();
        await db.SaveChangesAsync(cancellationToken);
        return shipment.Version;
    }
}
