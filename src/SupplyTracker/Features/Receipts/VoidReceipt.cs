using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features.Receipts;

/// <summary>Voids a receipt with a reason; it stays on record, and its PDF and verification page say it is void.</summary>
public sealed record VoidReceipt(string Number, string? Reason) : ICommand<string>;

public sealed class VoidReceiptValidator : AbstractValidator<VoidReceipt>
{
    public VoidReceiptValidator()
    {
        RuleFor(c => c.Reason).NotEmpty().WithCode(ErrorCodes.ReasonRequired).MaximumLength(DonorReceipt.ReasonMaxLength);
    }
}

public sealed class VoidReceiptHandler(SupplyTrackerDbContext db, TimeProvider clock, CallerContext caller) : ICommandHandler<VoidReceipt, string>
{
    public async ValueTask<string> Handle(VoidReceipt command, CancellationToken cancellationToken)
    {
        var receipt = await db.DonorReceipts.VisibleTo(db, caller).FirstOrDefaultAsync(r => r.Number == command.Number, cancellationToken)
            ?? throw new NotFoundException(nameof(DonorReceipt), command.Number);
        receipt.Void(command.Reason, caller.UserName, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return receipt.Number;
    }
}
