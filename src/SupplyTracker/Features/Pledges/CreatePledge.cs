using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Stock;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features.Pledges;

/// <summary>
/// Logistics (on the phone with a donor) registers a delivery before it arrives: who, whom to call, the day, the goods
/// (in base units or packs, lot and expiry if known) and where the donor directed it (定向捐贈, the same rule as at intake).
/// </summary>
public sealed record CreatePledge(int DonorId, string? ContactName, string? ContactPhone, DateOnly ExpectedOn, int ReceivingLocationId,
    int? DirectedToLocationId, string? Note, IReadOnlyList<CreatePledge.Line> Lines) : ICommand<int>
{
    /// <param name="PackId">One of the item's packs: then <paramref name="Quantity"/> counts packs, stored in base units exactly.</param>
    public sealed record Line(int ItemId, decimal Quantity, int? PackId = null, string? LotNumber = null, DateOnly? ExpiresOn = null);
}

public sealed class CreatePledgeValidator : AbstractValidator<CreatePledge>
{
    /// <summary>How far ahead a pledge may be expected.</summary>
    public const int MaxYearsAhead = 1;

    public CreatePledgeValidator(SupplyTrackerDbContext db, DeploymentTime time)
    {
        RuleFor(c => c.DonorId).Exists<CreatePledge, Donor>(db);
        RuleFor(c => c.ReceivingLocationId).Exists<CreatePledge, Location>(db)
            .MustAsync(async (id, ct) => !await db.Locations.AnyAsync(l => l.Id == id && l.Kind != LocationKind.Warehouse, ct))
            .WithCode(ErrorCodes.PledgeReceivingNotWarehouse);
        RuleFor(c => c.DirectedToLocationId!.Value).Exists<CreatePledge, Location>(db).OverridePropertyName(nameof(CreatePledge.DirectedToLocationId))
            .When(c => c.DirectedToLocationId is not null);
        RuleFor(c => c.ExpectedOn)
            .Must(d => d >= time.Today).WithCode(ErrorCodes.FieldInPast)
            .Must(d => d <= time.Today.AddYears(MaxYearsAhead)).WithCode(ErrorCodes.FieldTooFar, MaxYearsAhead);
        RuleFor(c => c.ContactName).MaximumLength(Pledge.MaxContactLength).WithCode(ErrorCodes.FieldTooLong, Pledge.MaxContactLength);
        RuleFor(c => c.ContactPhone).MaximumLength(32).WithCode(ErrorCodes.FieldTooLong, 32);
        RuleFor(c => c.Note).Note();
        RuleFor(c => c.Lines).NotEmpty().WithCode(ErrorCodes.LinesRequired)
            .Must(l => l is null || l.Count <= Pledge.MaxLines).WithCode(ErrorCodes.LinesTooMany, Pledge.MaxLines);
        RuleForEach(c => c.Lines).ChildRules(line =>
        {
            line.RuleFor(l => l.Quantity).WholeQuantity().When(l => l.PackId is null);
            line.RuleFor(l => l.LotNumber).LotNumber();
            line.RuleFor(l => l.ExpiresOn).Must(d => d is null || d >= ValidationRules.EarliestDate)
                .WithCode(ErrorCodes.FieldTooEarly, ValidationRules.EarliestDate);
        });
        // Items and packs in one query each: an unknown item, a pack of another item, 2.5 cartons are named on their line.
        RuleFor(c => c.Lines).CustomAsync(async (lines, context, ct) =>
        {
            if (lines is null) return;
            var items = await db.ItemsAsync(lines.Where(l => l is not null).Select(l => l.ItemId), ct);
            await CreatePledgeHandler.LoadPacksAsync(db, lines, ct);
            for (var i = 0; i < lines.Count; i++)
            {
                if (lines[i] is not { } line) continue;
                if (!items.TryGetValue(line.ItemId, out var item))
                {
                    context.AddFailure(ValidationRules.Failure($"Lines[{i}].ItemId", ErrorCodes.FieldNotExisting, nameof(Item)));
                    continue;
                }
                if (line.PackId is not { } packId) continue;
                try
                {
                    item.Pack(packId, $"Lines[{i}].PackId").ToBaseUnits(line.Quantity, $"Lines[{i}].Quantity");
                }
                catch (DomainValidationException e)
                {
                    context.AddFailure(ValidationRules.Failure(e.Field, e.Code, e.Values));
                }
            }
        });
    }
}

public sealed class CreatePledgeHandler(SupplyTrackerDbContext db, StockLedger ledger) : ICommandHandler<CreatePledge, int>
{
    public async ValueTask<int> Handle(CreatePledge command, CancellationToken cancellationToken)
    {
        var items = await db.ItemsAsync(command.Lines.Select(l => l.ItemId), cancellationToken);
        await LoadPacksAsync(db, command.Lines, cancellationToken);
        var pledge = new Pledge(command.DonorId, command.ContactName, command.ContactPhone, command.ExpectedOn, command.ReceivingLocationId,
            command.DirectedToLocationId, command.Note, ledger.User, ledger.Now);
        for (var i = 0; i < command.Lines.Count; i++)
        {
            var line = command.Lines[i];
            var item = items[line.ItemId];
            pledge.AddLine(item, line.Quantity, line.PackId is { } packId ? item.Pack(packId, $"lines[{i}].packId") : null, line.LotNumber, line.ExpiresOn, i);
        }
        db.Pledges.Add(pledge);
        await db.SaveChangesAsync(cancellationToken);
        return pledge.Id;
    }

    /// <summary>Loads the packs lines name into the tracked items (EF fixes up <see cref="Item.Packs"/>).</summary>
    internal static async Task LoadPacksAsync(SupplyTrackerDbContext db, IEnumerable<CreatePledge.Line> lines, CancellationToken ct)
    {
        var packIds = lines.Where(l => l?.PackId is not null).Select(l => l.PackId!.Value).Distinct().ToList();
        if (packIds.Count > 0) await db.Set<Pack>().Where(p => packIds.Contains(p.Id)).LoadAsync(ct);
    }
}

/// <summary>The donor called it off (or it will not come): the pledge is closed with the reason, nothing else changes.</summary>
public sealed record CancelPledge(int PledgeId, string? Reason) : ICommand<int>;

public sealed class CancelPledgeValidator : AbstractValidator<CancelPledge>
{
    public CancelPledgeValidator()
    {
        RuleFor(c => c.Reason).NotEmpty().WithCode(ErrorCodes.ReasonRequired)
            .MaximumLength(Pledge.MaxReasonLength).WithCode(ErrorCodes.FieldTooLong, Pledge.MaxReasonLength);
    }
}

public sealed class CancelPledgeHandler(SupplyTrackerDbContext db, StockLedger ledger) : ICommandHandler<CancelPledge, int>
{
    public async ValueTask<int> Handle(CancelPledge command, CancellationToken cancellationToken)
    {
        var pledge = await db.Pledges.GetAsync(command.PledgeId, cancellationToken);
        pledge.Cancel(command.Reason, ledger.User, ledger.Now);
        await db.SaveChangesAsync(cancellationToken);
        return pledge.Version;
    }
}
