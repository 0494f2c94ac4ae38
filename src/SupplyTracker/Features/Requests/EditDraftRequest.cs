using FluentValidation;
using Mediator;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features.Requests;

/// <summary>Changes a draft's priority, justification and needed-by date; lines are fixed once drafted.</summary>
public sealed record EditDraftRequest(int RequestId, int? ExpectedVersion, RequestPriority Priority, string? Justification, DateOnly NeededBy)
    : ICommand<int>;

public sealed class EditDraftRequestValidator : AbstractValidator<EditDraftRequest>
{
    public EditDraftRequestValidator(DeploymentTime time)
    {
        RuleFor(c => c.Priority).IsInEnum();
        RuleFor(c => c.Justification).Note();
        RuleFor(c => c.NeededBy)
            .Must(d => d >= time.Today).WithCode(ErrorCodes.FieldInPast);
    }
}

public sealed class EditDraftRequestHandler(SupplyTrackerDbContext db, CallerContext caller) : ICommandHandler<EditDraftRequest, int>
{
    public async ValueTask<int> Handle(EditDraftRequest command, CancellationToken cancellationToken)
    {
        var request = await db.LoadRequestAsync(caller, command.RequestId, command.ExpectedVersion, cancellationToken);
        request.EditDraft(command.Priority, command.Justification, command.NeededBy);
        await db.SaveChangesAsync(cancellationToken);
        return request.Version;
    }
}
