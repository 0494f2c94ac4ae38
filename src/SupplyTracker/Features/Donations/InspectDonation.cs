using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Stock;

namespace SupplyTracker.Features.Donations;

public enum LineDecision { Accept, Reject, Quarantine }

/// <summary>Decides each line: accepted goods become available stock, quarantined goods are on hand but held, rejected goods never enter stock.</summary>
public sealed record InspectDonation(int DonationId, IReadOnlyList<InspectDonation.Decision> Decisions) : ICommand<DonationInspected>
{
    public sealed record Decision(int LineId, LineDecision Outcome, string? Reason);
}

public sealed record DonationInspected(int DonationId, IReadOnlyList<long> MovementIds, bool FullyInspected);

public sealed class InspectDonationValidator : AbstractValidator<InspectDonation>
{
    public InspectDonationValidator()
    {
        RuleFor(c => c.Decisions).NotEmpty().WithMessage("Give a decision for at least one line.")
            .Must(d => d is null || d.Select(x => x.LineId).Distinct().Count() == d.Count).WithMessage("Each line can be decided only once.");
        RuleForEach(c => c.Decisions).ChildRules(d =>
        {
            d.RuleFor(x => x.Outcome).IsInEnum();
            d.RuleFor(x => x.Reason).NotEmpty().When(x => x.Outcome == LineDecision.Reject)
                .WithMessage("A rejected line needs a reason.");
            d.RuleFor(x => x.Reason).Note();
        });
    }
}

public sealed class InspectDonationHandler(SupplyTrackerDbContext db, StockLedger ledger, LotCatalog lots)
    : ICommandHandler<InspectDonation, DonationInspected>
{
    public async ValueTask<DonationInspected> Handle(InspectDonation command, CancellationToken cancellationToken)
    {
        var donation = await db.Donations.Include(d => d.Lines).ThenInclude(l => l.Item)
            .FirstOrDefaultAsync(d => d.Id == command.DonationId, cancellationToken)
            ?? throw new NotFoundException(nameof(Donation), command.DonationId);

        var movements = new List<StockMovement>();
        for (var i = 0; i < command.Decisions.Count; i++)
        {
            var decision = command.Decisions[i];
            var line = donation.Lines.FirstOrDefault(l => l.Id == decision.LineId)
                ?? throw new DomainValidationException($"decisions[{i}].lineId", $"Line {decision.LineId} is not part of donation {donation.Id}.");
            switch (decision.Outcome)
            {
                case LineDecision.Accept:
                    var accepted = await lots.ResolveAsync(line.Item, line.LotNumber, line.ExpiresOn, cancellationToken);
                    line.Accept(accepted, ledger.Today);
                    movements.Add(await Post(donation, accepted, line.Quantity, StockStatus.Usable, MovementKind.DonationAccepted, cancellationToken));
                    break;
                case LineDecision.Quarantine:
                    var held = await lots.ResolveAsync(line.Item, line.LotNumber, line.ExpiresOn, cancellationToken);
                    line.Quarantine(held);
                    // The reason vocabulary (SuspectedCounterfeit…) becomes the movement's reason code; free text stays out of the ledger.
                    var reasonCode = Enum.TryParse<QuarantineReason>(decision.Reason?.Trim(), ignoreCase: true, out var why) && Enum.IsDefined(why)
                        ? why.ToString() : QuarantineReason.Inspection.ToString();
                    movements.Add(await Post(donation, held, line.Quantity, StockStatus.Quarantined, MovementKind.DonationQuarantined, cancellationToken, reasonCode));
                    break;
                case LineDecision.Reject:
                    if (line.Disposition != LineDisposition.Pending)
                        throw new DomainRuleException($"decisions[{i}].outcome", $"Line {line.LineNumber} is already {line.Disposition}.");
                    line.Reject(decision.Reason);
                    break;
            }
        }
        donation.Touch();
        await db.SaveChangesAsync(cancellationToken);
        return new DonationInspected(donation.Id, [.. movements.Select(m => m.Id)], donation.IsFullyInspected);
    }

    private Task<StockMovement> Post(Donation donation, Lot lot, long quantity, StockStatus status, MovementKind kind, CancellationToken ct,
        string? reasonCode = null) =>
        ledger.PostAsync(donation.ReceivingLocationId, lot, quantity, status, kind, MovementReference.Donation, donation.Id, reasonCode, ct);
}
