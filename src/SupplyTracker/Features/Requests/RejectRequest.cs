using FluentValidation;
using Mediator;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;
using SupplyTracker.Features.Stock;

namespace SupplyTracker.Features.Requests;

/// <summary>Logistics declines a submitted request, saying why.</summary>
public sealed record RejectRequest(int RequestId, int? ExpectedVersion, string? Reason) : ICommand<int>;

public sealed class RejectRequestValidator : AbstractValidator<RejectRequest>
{
    public RejectRequestValidator() =>
        RuleFor(c => c.Reason).NotEmpty().WithCode(ErrorCodes.ReasonRequired).MaximumLength(AllocationRequest.ReasonMaxLength).PlainText();
}

public sealed class RejectRequestHandler(SupplyTrackerDbContext db, CallerContext caller, StockLedger ledger) : ICommandHandler<RejectRequest, int>
{
    public async ValueTask<int> Handle(RejectRequest command, CancellationToken cancellationToken)
    {
        var request = await db.LoadRequestAsync(caller, command.RequestId, command.ExpectedVersion, cancellationToken);
        request.Reject(command.Reason, ledger.User, ledger.Now);
        await db.SaveChangesAsync(cancellationToken);
        return request.Version;
    }
}
