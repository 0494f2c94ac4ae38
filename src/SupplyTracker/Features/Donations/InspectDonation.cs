using Microsoft.EntityFrameworkCore;
using FluentValidation;
using Mediator;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Stock;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features.Donations;

public enum LineDecision { Accept, Reject, Quarantine }

/// <summary>Decides each line: accepted goods become available stock, quarantined goods are on hand but held, rejected goods never enter stock.</summary>
/// <param name="ExpectedVersion">The donation version the inspector saw (If-Match); compared inside the transaction.</param>
public sealed record InspectDonation(int DonationId, IReadOnlyList<InspectDonation.Decision> Decisions, int? ExpectedVersion = null)
    : ICommand<DonationInspected>
{
    public sealed record Decision(int LineId, LineDecision Outcome, string? Reason);
}

public sealed record DonationInspected(int DonationId, IReadOnlyList<long> MovementIds, bool FullyInspected);

public sealed class InspectDonationValidator : AbstractValidator<InspectDonation>
{
    public InspectDonationValidator()
    {
        RuleFor(c => c.Decisions).NotEmpty().WithCode(ErrorCodes.LinesRequired)
            .Must(d => d is null || d.Select(x => x.LineId).Distinct().Count() == d.Count).WithCode(ErrorCodes.LinesRepeated);
        RuleForEach(c => c.Decisions).ChildRules(d =>
        {
            d.RuleFor(x => x.Outcome).IsInEnum();
            d.RuleFor(x => x.Reason).NotEmpty().When(x => x.Outcome == LineDecision.Reject)
                .WithCode(ErrorCodes.DonationLineReasonRequired);
            d.RuleFor(x => x.Reason).MaximumLength(DonationLine.MaxReasonLength).PlainText();
        });
    }
}

public sealed class InspectDonationHandler(SupplyTrackerDbContext db, CallerContext caller, StockLedger ledger, LotCatalog lots)
    : ICommandHandler<InspectDonation, DonationInspected>
{
    public async ValueTask<DonationInspected> Handle(InspectDonation command, CancellationToken cancellationToken)
    {
        var donation = await db.LoadDonationAsync(caller, command.DonationId, command.ExpectedVersion, cancellationToken);
        await LoadLotsAndBalancesAsync(donation, command.Decisions, cancellationToken);

        var movements = new List<StockMovement>();
        for (var i = 0; i < command.Decisions.Count; i++)
        {
            var decision = command.Decisions[i];
            var line = donation.Lines.FirstOrDefault(l => l.Id == decision.LineId)
                ?? throw new DomainValidationException($"decisions[{i}].lineId", ErrorCodes.DonationLineUnknown, decision.LineId, donation.Id);
            switch (decision.Outcome)
            {
                case LineDecision.Accept:
                    var accepted = await lots.ResolveAsync(line.Item, line.LotNumber, line.ExpiresOn, cancellationToken, line.DirectedToLocationId);
                    line.Accept(accepted, ledger.Today);
                    movements.Add(await Post(donation, accepted, line.Quantity, StockStatus.Usable, MovementKind.DonationAccepted, cancellationToken));
                    break;
                case LineDecision.Quarantine:
                    var held = await lots.ResolveAsync(line.Item, line.LotNumber, line.ExpiresOn, cancellationToken, line.DirectedToLocationId);
                    // The reason vocabulary (SuspectedCounterfeit…) becomes the movement's reason code; free text stays out of the
                    // (public) ledger and is kept on the line, where the quarantine list and the station read it.
                    var coded = Enum.TryParse<QuarantineReason>(decision.Reason?.Trim(), ignoreCase: true, out var why) && Enum.IsDefined(why);
                    line.Quarantine(held, coded ? null : decision.Reason);
                    var reasonCode = coded ? why.ToString() : QuarantineReason.Inspection.ToString();
                    movements.Add(await Post(donation, held, line.Quantity, StockStatus.Quarantined, MovementKind.DonationQuarantined, cancellationToken, reasonCode));
                    break;
                case LineDecision.Reject:
                    if (line.Disposition != LineDisposition.Pending)
                        throw new DomainRuleException($"decisions[{i}].outcome", ErrorCodes.DonationLineAlreadyDecided, line.LineNumber, line.Disposition);
                    line.Reject(decision.Reason);
                    break;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        return new DonationInspected(donation.Id, [.. movements.Select(m => m.Id)], donation.IsFullyInspected);
    }

    /// <summary>
    /// One query for the lots the decided lines name and one for their balances at the receiving location, instead of one
    /// of each per line: <see cref="LotCatalog.ResolveAsync"/> and <see cref="StockLedger.BalanceAsync"/> look in the
    /// change tracker first. Under the write lock, like the rest of the command.
    /// </summary>
    private async Task LoadLotsAndBalancesAsync(Donation donation, IReadOnlyList<InspectDonation.Decision> decisions, CancellationToken ct)
    {
        var lines = decisions.Where(d => d.Outcome != LineDecision.Reject)
            .Select(d => donation.Lines.FirstOrDefault(l => l.Id == d.LineId)).OfType<DonationLine>().ToList();
        if (lines.Count == 0) return;
        var itemIds = lines.Select(l => l.ItemId).Distinct().ToList();
        var numbers = lines.Select(l => l.LotNumber).Distinct().ToList();
        var lotIds = (await db.Lots.Where(l => itemIds.Contains(l.ItemId) && numbers.Contains(l.LotNumber)).ToListAsync(ct)).Select(l => l.Id).ToList();
        if (lotIds.Count == 0) return;
        await db.StockBalances.Where(b => b.LocationId == donation.ReceivingLocationId && lotIds.Contains(b.LotId)).LoadAsync(ct);
    }

    private Task<StockMovement> Post(Donation donation, Lot lot, long quantity, StockStatus status, MovementKind kind, CancellationToken ct,
        string? reasonCode = null) =>
        ledger.PostAsync(donation.ReceivingLocationId, lot, quantity, status, kind, MovementReference.Donation, donation.Id, reasonCode, ct);
}
