using FluentValidation;
using Mediator;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;
using SupplyTracker.Features.Stock;

namespace SupplyTracker.Features.Requests;

/// <summary>Calls a request off before dispatch, giving back exactly the lots its allocation reserved.</summary>
public sealed record CancelRequest(int RequestId, int? ExpectedVersion, string? Reason) : ICommand<int>;

public sealed class CancelRequestValidator : AbstractValidator<CancelRequest>
{
    public CancelRequestValidator() => RuleFor(c => c.Reason).MaximumLength(AllocationRequest.ReasonMaxLength).PlainText();
}

public sealed class CancelRequestHandler(SupplyTrackerDbContext db, CallerContext caller, StockLedger ledger) : ICommandHandler<CancelRequest, int>
{
    public async ValueTask<int> Handle(CancelRequest command, CancellationToken cancellationToken)
    {
        var request = await db.LoadRequestAsync(caller, command.RequestId, command.ExpectedVersion, cancellationToken);
        request.Cancel(command.Reason);
        foreach (var reservation in await ledger.LiveReservationsAsync(request.Id, cancellationToken))
            ledger.Release(reservation);
        await db.SaveChangesAsync(cancellationToken);
        return request.Version;
    }
}
