using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;
using SupplyTracker.Features.Stock;

namespace SupplyTracker.Features.Requests;

/// <summary>
/// Sends an allocated request on its way: each reservation is released and the same quantity leaves the warehouse
/// as a Dispatch movement, so on hand and reserved both drop; the shipment's lines then hold the stock in transit.
/// </summary>
public sealed record DispatchRequest(int RequestId, int? ExpectedVersion) : ICommand<int>;

public sealed class DispatchRequestHandler(SupplyTrackerDbContext db, CallerContext caller, StockLedger ledger, DeploymentTime time) : ICommandHandler<DispatchRequest, int>
{
    public async ValueTask<int> Handle(DispatchRequest command, CancellationToken cancellationToken)
    {
        var request = await db.LoadRequestAsync(caller, command.RequestId, command.ExpectedVersion, cancellationToken);
        request.EnsureCanDispatch();
        var reservations = await ledger.LiveReservationsAsync(request.Id, cancellationToken);

        var number = await SequenceNumbers.NextAsync(db.Shipments.Select(s => s.Number), Shipment.FormatNumber, time.Today.Year, cancellationToken);
        var shipment = new Shipment(number, request, ledger.User, ledger.Now);
        foreach (var reservation in reservations)
        {
            shipment.AddLine(request.Line(reservation.AllocationRequestLineId), reservation.Balance.Lot, reservation.Quantity);
            ledger.Release(reservation);
        }
        request.MarkDispatched();
        db.Shipments.Add(shipment);
        await db.SaveChangesAsync(cancellationToken);

        foreach (var line in shipment.Lines)
        {
            await ledger.PostAsync(shipment.FromLocationId, line.Lot, -line.Quantity, StockStatus.Usable, MovementKind.Dispatch,
                MovementReference.Shipment, shipment.Id, null, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        return shipment.Id;
    }
}
