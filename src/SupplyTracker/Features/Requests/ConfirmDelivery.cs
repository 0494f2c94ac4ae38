using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;
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
        RuleFor(c => c.Lines).NotEmpty().WithCode(ErrorCodes.LinesRequired)
            .Must(l => l is null || l.Select(x => x.LineId).Distinct().Count() == l.Count).WithCode(ErrorCodes.LinesRepeated);
        RuleForEach(c => c.Lines).ChildRules(line =>
        {
            line.RuleFor(l => l.QuantityAccepted).GreaterThanOrEqualTo(0).LessThanOrEqualTo(Quantity.Max)
                .Must(q => q == decimal.Truncate(q)).WithCode(ErrorCodes.FieldWholeNumber);
            line.RuleFor(l => l.QuantityRejected).GreaterThanOrEqualTo(0).LessThanOrEqualTo(Quantity.Max)
                .Must(q => q == decimal.Truncate(q)).WithCode(ErrorCodes.FieldWholeNumber);
            line.RuleFor(l => l.Reason).NotEmpty().When(l => l.QuantityRejected > 0).WithCode(ErrorCodes.DonationLineReasonRequired);
            line.RuleFor(l => l.Reason).MaximumLength(AllocationRequest.ReasonMaxLength).PlainText();
        });
    }
}

public sealed class ConfirmDeliveryHandler(SupplyTrackerDbContext db, CallerContext caller, StockLedger ledger) : ICommandHandler<ConfirmDelivery, int>
{
    public async ValueTask<int> Handle(ConfirmDelivery command, CancellationToken cancellationToken)
    {
        var shipment = await db.LoadShipmentAsync(caller, command.ShipmentId, command.ExpectedVersion, cancellationToken);
        var request = await db.LoadRequestAsync(caller, shipment.AllocationRequestId, null, cancellationToken);

        for (var i = 0; i < command.Lines.Count; i++)
        {
            var confirmation = command.Lines[i];
            var accepted = (long)confirmation.QuantityAccepted;
            var rejected = (long)confirmation.QuantityRejected;
            var line = shipment.Lines.FirstOrDefault(l => l.Id == confirmation.LineId)
                ?? throw new DomainValidationException($"lines[{i}].lineId", ErrorCodes.ShipmentLineUnknown, confirmation.LineId, shipment.Number);
            try
            {
                shipment.Confirm(line, accepted, rejected, confirmation.Reason, ledger.User, ledger.Now);
                request.Line(line.AllocationRequestLineId).RecordDelivery(accepted, rejected, confirmation.Reason?.Trim());
            }
            catch (DomainRuleException e)
            {
                throw new DomainRuleException($"lines[{i}].{e.Field}", e.Code, e.Values);
            }

            if (accepted > 0)
                await ledger.PostAsync(shipment.ToLocationId, line.Lot, accepted, StockStatus.Usable, MovementKind.DeliveryAccepted,
                    MovementReference.Shipment, shipment.Id, null, cancellationToken);
            if (rejected > 0)
                await ledger.PostAsync(shipment.FromLocationId, line.Lot, rejected, StockStatus.Quarantined, MovementKind.DeliveryRejected,
                    MovementReference.Shipment, shipment.Id, null, cancellationToken);
        }

        // Rejected goods go back to the sending warehouse: the ledger posts there on the station's behalf.
        // The request's version moves with its lines (see SupplyTrackerDbContext.BumpAggregateVersions).
        if (shipment.Status == ShipmentStatus.Delivered)
            request.MarkDelivered();
        await db.SaveChangesAsync(cancellationToken);
        return shipment.Version;
    }
}
