using FluentValidation;
using Mediator;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Stock;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features.Donations;

public enum QuarantineOutcome { Release, Reject }

/// <summary>Ends the quarantine of donated lines: released goods become available, rejected goods are written off.</summary>
/// <param name="ExpectedVersion">The donation version the client decided on (If-Match); compared inside the transaction.</param>
public sealed record ReleaseFromQuarantine(int DonationId, IReadOnlyList<ReleaseFromQuarantine.Decision> Decisions, int? ExpectedVersion = null)
    : ICommand<QuarantineEnded>
{
    public sealed record Decision(int LineId, QuarantineOutcome Outcome, string? Reason);
}

public sealed record QuarantineEnded(int DonationId, IReadOnlyList<long> MovementIds);

public sealed class ReleaseFromQuarantineValidator : AbstractValidator<ReleaseFromQuarantine>
{
    public ReleaseFromQuarantineValidator()
    {
        RuleFor(c => c.Decisions).NotEmpty().WithCode(ErrorCodes.LinesRequired)
            .Must(d => d is null || d.Select(x => x.LineId).Distinct().Count() == d.Count).WithCode(ErrorCodes.LinesRepeated);
        RuleForEach(c => c.Decisions).ChildRules(d =>
        {
            d.RuleFor(x => x.Outcome).IsInEnum();
            d.RuleFor(x => x.Reason).NotEmpty().When(x => x.Outcome == QuarantineOutcome.Reject)
                .WithCode(ErrorCodes.DonationLineReasonRequired);
            d.RuleFor(x => x.Reason).MaximumLength(DonationLine.MaxReasonLength).PlainText();
        });
    }
}

public sealed class ReleaseFromQuarantineHandler(SupplyTrackerDbContext db, CallerContext caller, StockLedger ledger)
    : ICommandHandler<ReleaseFromQuarantine, QuarantineEnded>
{
    public async ValueTask<QuarantineEnded> Handle(ReleaseFromQuarantine command, CancellationToken cancellationToken)
    {
        var donation = await db.LoadDonationAsync(caller, command.DonationId, command.ExpectedVersion, cancellationToken);

        var movements = new List<StockMovement>();
        for (var i = 0; i < command.Decisions.Count; i++)
        {
            var decision = command.Decisions[i];
            var line = donation.Lines.FirstOrDefault(l => l.Id == decision.LineId)
                ?? throw new DomainValidationException($"decisions[{i}].lineId", ErrorCodes.DonationLineUnknown, decision.LineId, donation.Id);
            if (line.Disposition != LineDisposition.Quarantined)
                throw new DomainRuleException($"decisions[{i}].lineId", ErrorCodes.DonationLineNotQuarantined, line.LineNumber, line.Disposition);
            var lot = line.Lot!;
            if (decision.Outcome == QuarantineOutcome.Release)
            {
                line.ReleaseFromQuarantine(ledger.Today);
                movements.Add(await Post(donation, lot, -line.Quantity, StockStatus.Quarantined, MovementKind.QuarantineReleased, cancellationToken));
                movements.Add(await Post(donation, lot, line.Quantity, StockStatus.Usable, MovementKind.QuarantineReleased, cancellationToken));
            }
            else
            {
                line.Reject(decision.Reason);
                movements.Add(await Post(donation, lot, -line.Quantity, StockStatus.Quarantined, MovementKind.QuarantineRejected, cancellationToken));
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        return new QuarantineEnded(donation.Id, [.. movements.Select(m => m.Id)]);
    }

    private Task<StockMovement> Post(Donation donation, Lot lot, long quantity, StockStatus status, MovementKind kind, CancellationToken ct) =>
        ledger.PostAsync(donation.ReceivingLocationId, lot, quantity, status, kind, MovementReference.Donation, donation.Id, null, ct);
}
