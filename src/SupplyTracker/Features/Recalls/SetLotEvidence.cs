using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Features.Recalls;

/// <summary>Logistics correct or complete a lot's evidence (manufacturer, registration number, standard, test report).</summary>
public sealed record SetLotEvidence(int LotId, LotEvidence Evidence) : ICommand<int>;

public sealed class SetLotEvidenceValidator : AbstractValidator<SetLotEvidence>
{
    public SetLotEvidenceValidator()
    {
        RuleFor(c => c.Evidence.Manufacturer).MaximumLength(LotEvidence.MaxLength).WithCode(ErrorCodes.FieldTooLong, LotEvidence.MaxLength);
        RuleFor(c => c.Evidence.RegistrationNumber).MaximumLength(LotEvidence.MaxLength).WithCode(ErrorCodes.FieldTooLong, LotEvidence.MaxLength);
        RuleFor(c => c.Evidence.StandardClaimed).MaximumLength(LotEvidence.MaxLength).WithCode(ErrorCodes.FieldTooLong, LotEvidence.MaxLength);
        RuleFor(c => c.Evidence.TestReportReference).MaximumLength(LotEvidence.MaxLength).WithCode(ErrorCodes.FieldTooLong, LotEvidence.MaxLength);
    }
}

public sealed class SetLotEvidenceHandler(SupplyTrackerDbContext db) : ICommandHandler<SetLotEvidence, int>
{
    public async ValueTask<int> Handle(SetLotEvidence command, CancellationToken cancellationToken)
    {
        var lot = await db.Lots.FindAsync([command.LotId], cancellationToken) ?? throw new NotFoundException(nameof(Lot), command.LotId);
        // The papers are the physical lot's: its directed parts (same number, kept apart for their stations) say the same.
        var parts = await db.Lots.Where(l => l.ItemId == lot.ItemId && l.LotNumber == lot.LotNumber).ToListAsync(cancellationToken);
        foreach (var part in parts) part.SetEvidence(command.Evidence);
        await db.SaveChangesAsync(cancellationToken);
        return lot.Id;
    }
}
