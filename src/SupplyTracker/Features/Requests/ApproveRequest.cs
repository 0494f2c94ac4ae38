using FluentValidation;
using Mediator;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;
using SupplyTracker.Features.Stock;

namespace SupplyTracker.Features.Requests;

/// <summary>Logistics approves every line, in full or in part (0 declines a line); approving nothing is a Reject.</summary>
public sealed record ApproveRequest(int RequestId, int? ExpectedVersion, IReadOnlyList<ApproveRequest.Line> Lines) : ICommand<int>
{
    public sealed record Line(int LineId, decimal QuantityApproved);
}

public sealed class ApproveRequestValidator : AbstractValidator<ApproveRequest>
{
    public ApproveRequestValidator()
    {
        RuleFor(c => c.Lines).NotEmpty().WithCode(ErrorCodes.LinesRequired)
            .Must(l => l is null || l.Select(x => x.LineId).Distinct().Count() == l.Count).WithCode(ErrorCodes.LinesRepeated);
        RuleForEach(c => c.Lines).ChildRules(line => line.RuleFor(l => l.QuantityApproved)
            .GreaterThanOrEqualTo(0).WithCode(ErrorCodes.FieldNegative)
            .LessThanOrEqualTo(Quantity.Max).WithCode(ErrorCodes.FieldAtMost, Quantity.Max)
            .Must(q => q == decimal.Truncate(q)).WithCode(ErrorCodes.FieldWholeNumber));
    }
}

public sealed class ApproveRequestHandler(SupplyTrackerDbContext db, CallerContext caller, StockLedger ledger) : ICommandHandler<ApproveRequest, int>
{
    public async ValueTask<int> Handle(ApproveRequest command, CancellationToken cancellationToken)
    {
        var request = await db.LoadRequestAsync(caller, command.RequestId, command.ExpectedVersion, cancellationToken);
        request.Approve(command.Lines.ToDictionary(l => l.LineId, l => (long)l.QuantityApproved), ledger.User, ledger.Now);
        await db.SaveChangesAsync(cancellationToken);
        return request.Version;
    }
}
