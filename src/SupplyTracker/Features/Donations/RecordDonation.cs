using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Stock;

namespace SupplyTracker.Features.Donations;

/// <summary>Logs a donation as it arrives; nothing enters stock until it is inspected.</summary>
public sealed record RecordDonation(int DonorId, int ReceivingLocationId, DateOnly ReceivedOn, string? Note, IReadOnlyList<RecordDonation.Line> Lines,
    string? Reference = null)
    : ICommand<DonationRecorded>
{
    public sealed record Line(int ItemId, decimal Quantity, string? LotNumber, DateOnly? ExpiresOn, decimal? DeclaredValue);
}

public sealed record DonationRecorded(int DonationId, IReadOnlyList<int> LineIds);

public sealed class RecordDonationValidator : AbstractValidator<RecordDonation>
{
    public const int MaxLines = 500;

    public RecordDonationValidator(SupplyTrackerDbContext db, TimeProvider clock)
    {
        RuleFor(c => c.DonorId).Exists<RecordDonation, Donor>(db);
        RuleFor(c => c.ReceivingLocationId).Exists<RecordDonation, Location>(db);
        RuleFor(c => c.ReceivedOn).NotInFuture(clock);
        RuleFor(c => c.Note).Note();
        RuleFor(c => c.Reference).LotNumber()
            .MustAsync(async (r, ct) => r is null || !await db.Donations.AnyAsync(d => d.Reference == r.Trim(), ct))
            .WithMessage("A donation with this reference is already recorded.");
        RuleFor(c => c.Lines).NotEmpty().WithMessage("A donation needs at least one line.")
            .Must(l => l is null || l.Count <= MaxLines).WithMessage($"A donation can have at most {MaxLines} lines.");
        RuleForEach(c => c.Lines).ChildRules(line =>
        {
            line.RuleFor(l => l.Quantity).WholeQuantity();
            line.RuleFor(l => l.LotNumber).LotNumber();
            line.RuleFor(l => l.ExpiresOn).Must(d => d is null || d >= ValidationRules.EarliestDate)
                .WithMessage($"'Expires On' must be on or after {ValidationRules.EarliestDate:yyyy-MM-dd}.");
            line.RuleFor(l => l.DeclaredValue).InclusiveBetween(0, 10_000_000_000m);
        });
        RuleForEach(c => c.Lines).CustomAsync(async (line, context, ct) =>
        {
            var item = await db.Items.FindAsync([line.ItemId], ct);
            if (item is null)
            {
                context.AddFailure(new FluentValidation.Results.ValidationFailure($"{context.PropertyPath}.ItemId", $"'itemId' {line.ItemId} does not name an existing item."));
                return;
            }
            if (item.TracksExpiry && string.IsNullOrWhiteSpace(line.LotNumber))
                context.AddFailure(new FluentValidation.Results.ValidationFailure($"{context.PropertyPath}.LotNumber", $"{item.Code} tracks expiry: a lot number is required."));
            if (item.TracksExpiry && line.ExpiresOn is null)
                context.AddFailure(new FluentValidation.Results.ValidationFailure($"{context.PropertyPath}.ExpiresOn", $"{item.Code} tracks expiry: an expiry date is required."));
        });
    }
}

public sealed class RecordDonationHandler(SupplyTrackerDbContext db, StockLedger ledger) : ICommandHandler<RecordDonation, DonationRecorded>
{
    public async ValueTask<DonationRecorded> Handle(RecordDonation command, CancellationToken cancellationToken)
    {
        var items = await db.ItemsAsync(command.Lines.Select(l => l.ItemId), cancellationToken);
        var donation = new Donation(command.DonorId, command.ReceivingLocationId, command.ReceivedOn, command.Note, ledger.User, ledger.Now, command.Reference);
        foreach (var line in command.Lines)
            donation.AddLine(items[line.ItemId], Quantity.Ensure(line.Quantity), line.LotNumber, line.ExpiresOn, line.DeclaredValue);
        db.Donations.Add(donation);
        await db.SaveChangesAsync(cancellationToken);
        return new DonationRecorded(donation.Id, [.. donation.Lines.Select(l => l.Id)]);
    }
}
